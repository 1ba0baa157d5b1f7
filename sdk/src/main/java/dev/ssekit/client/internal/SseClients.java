package dev.ssekit.client.internal;

import dev.ssekit.client.SseClient;
import dev.ssekit.client.SseConfig;
import dev.ssekit.client.SseListener;
import java.io.IOException;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;

/**
 * The one way into the implementation, for the API package: not API itself. Use {@link SseClient#builder} or
 * {@code SseEventSources}.
 */
public final class SseClients {

  private SseClients() {}

  /**
   * A client of {@code url}; {@code method}, {@code body} and {@code headers} (may be null) override the
   * config's, as the drop-in factory passes a {@code Request}'s. A null {@code listener} ignores events and
   * logs each kind of failure once.
   */
  public static SseClient create(HttpUrl url, OkHttpClient shared, SseConfig config, SseListener listener,
      String method, RequestBody body, Headers headers) {
    return new RealSseClient(url, shared, config, listener, method, body, headers);
  }

  /**
   * Reads a response that is already open as an event stream, on the calling thread, until it ends: {@code
   * onOpen}, then each event, then {@code onClosed}; {@code onFailure} instead for a status other than 2xx, a
   * Content-Type other than {@code text/event-stream}, or a read that fails. Closes the response. No
   * reconnect, no resume, no acks.
   */
  public static void processResponse(Response response, EventSourceListener listener) {
    EventSource source = new EventSource() {
      @Override
      public Request request() {
        return response.request();
      }

      @Override
      public void cancel() {
        response.close();
      }
    };
    try (Response open = response) {
      String type = open.header("Content-Type");
      if (!open.isSuccessful()) {
        listener.onFailure(source, null, open);
        return;
      }
      if (!ConnectionLoop.isEventStream(type)) {
        listener.onFailure(source, new IllegalStateException("expected text/event-stream, got "
            + (type == null ? "no Content-Type" : type)), open);
        return;
      }
      listener.onOpen(source, open);
      new EventStreamParser(open.body().source(), new EventStreamParser.Handler() {
        @Override
        public void onEvent(String lastEventId, boolean idInBlock, String eventType, String data) {
          listener.onEvent(source, lastEventId.isEmpty() ? null : lastEventId,
              eventType.equals("message") ? null : eventType, data);
        }

        @Override
        public void onIdOnly(String lastEventId) {}

        @Override
        public void onComment(String comment) {}

        @Override
        public void onRetry(long millis) {}

        @Override
        public void onWaiting() {}
      }, null, false).readAll();
      listener.onClosed(source);
    } catch (IOException e) {
      listener.onFailure(source, e, response);
    }
  }
}
