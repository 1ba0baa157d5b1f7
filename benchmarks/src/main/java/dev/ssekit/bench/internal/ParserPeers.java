package dev.ssekit.bench.internal;

import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.ErrorStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.MessageEvent;
import com.launchdarkly.eventsource.StreamException;
import com.launchdarkly.logging.LDLogger;
import dev.ssekit.client.SseEventSources;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;
import okio.Okio;

/**
 * The same bytes through each parser, counting dispatched events and summing data lengths (so no parser's
 * work can be optimised away). Each reads from an in-memory stream, as it would from a socket.
 */
public final class ParserPeers {

  private ParserPeers() {}

  /** What a parse produced. */
  public static final class Result {
    public long events;
    public long dataChars;
    public String lastId;
  }

  /**
   * ssekit's parser, through its public {@code SseEventSources.processResponse} on an in-memory response: the
   * same path and listener type as okhttp-sse's below.
   *
   * @throws IOException what ssekit reported to {@code onFailure}, unchanged
   */
  public static Result ssekit(byte[] bytes) throws IOException {
    final Result r = new Result();
    final Throwable[] failure = new Throwable[1];
    SseEventSources.processResponse(inMemory(bytes), new EventSourceListener() {
      @Override
      public void onEvent(okhttp3.sse.EventSource source, String id, String type, String data) {
        r.events++;
        r.dataChars += data.length();
        r.lastId = id;
      }

      @Override
      public void onFailure(okhttp3.sse.EventSource source, Throwable t, Response response) {
        failure[0] = t;
      }
    });
    rethrow(failure[0], "ssekit");
    return r;
  }

  /** A 200 event-stream response whose body is {@code bytes}. */
  private static Response inMemory(byte[] bytes) {
    return new Response.Builder()
        .request(REQUEST).protocol(Protocol.HTTP_1_1).code(200).message("OK")
        .header("Content-Type", "text/event-stream")
        .body(ResponseBody.create(Okio.buffer(Okio.source(new ByteArrayInputStream(bytes))), EVENT_STREAM, -1))
        .build();
  }

  private static void rethrow(Throwable failure, String who) throws IOException {
    if (failure instanceof IOException) {
      throw (IOException) failure;
    }
    if (failure != null) {
      throw new IllegalStateException(who + " failed: " + failure, failure);
    }
  }

  private static final Request REQUEST = new Request.Builder().url("http://localhost/v1/sse").build();
  private static final MediaType EVENT_STREAM = MediaType.parse("text/event-stream");

  /**
   * okhttp-sse 5's reader, through its public {@code EventSources.processResponse}.
   *
   * @throws IOException what okhttp-sse reported to {@code onFailure}, unchanged
   */
  public static Result okhttpSse(byte[] bytes) throws IOException {
    final Result r = new Result();
    final Throwable[] failure = new Throwable[1];
    EventSources.processResponse(inMemory(bytes), new EventSourceListener() {
      @Override
      public void onEvent(okhttp3.sse.EventSource source, String id, String type, String data) {
        r.events++;
        r.dataChars += data.length();
        r.lastId = id;
      }

      @Override
      public void onFailure(okhttp3.sse.EventSource source, Throwable t, Response response) {
        failure[0] = t;
      }
    });
    rethrow(failure[0], "okhttp-sse");
    return r;
  }

  /** LaunchDarkly okhttp-eventsource 4's parser, reading {@code expected} messages from an in-memory stream. */
  public static Result launchDarkly(final byte[] bytes, long expected) throws StreamException {
    ConnectStrategy inMemory = new ConnectStrategy() {
      @Override
      public Client createClient(LDLogger logger) {
        return new Client() {
          @Override
          public Result connect(String lastEventId) {
            return new Result(new ByteArrayInputStream(bytes), URI.create("http://localhost/v1/sse"), null);
          }

          @Override
          public boolean awaitClosed(long millis) {
            return true;
          }

          @Override
          public URI getOrigin() {
            return URI.create("http://localhost/v1/sse");
          }

          @Override
          public void close() {}
        };
      }
    };
    Result r = new Result();
    try (EventSource source = new EventSource.Builder(inMemory)
        .errorStrategy(ErrorStrategy.alwaysThrow())
        .build()) {
      for (long i = 0; i < expected; i++) {
        MessageEvent m = source.readMessage();
        r.events++;
        r.dataChars += m.getData().length();
        r.lastId = m.getLastEventId();
      }
    }
    return r;
  }
}
