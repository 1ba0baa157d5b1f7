package dev.ssekit.client.support;

import java.io.IOException;
import java.io.InterruptedIOException;
import mockwebserver3.MockResponse;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.BufferedSink;

/** MockWebServer responses for event streams. */
public final class SseStreams {

  private SseStreams() {}

  /** An event stream with this body that then ends cleanly. */
  public static MockResponse ending(String body) {
    return new MockResponse.Builder()
        .setHeader("Content-Type", "text/event-stream")
        .body(body)
        .build();
  }

  /**
   * An event stream with this body that then stays open, writing nothing more, until the client hangs up or
   * the server closes (the body never ends, so the connection is never reused).
   */
  public static MockResponse open(String body) {
    return new MockResponse.Builder()
        .setHeader("Content-Type", "text/event-stream")
        .body(new EndlessBody(body, 50))
        .build();
  }

  /** Like {@link #open} but silent for a whole second at a time: a read timeout below that fires. */
  public static MockResponse silent(String body) {
    return new MockResponse.Builder()
        .setHeader("Content-Type", "text/event-stream")
        .body(new EndlessBody(body, 1000))
        .build();
  }

  /** Writes its text, then holds the response open with a comment line every period. */
  private static final class EndlessBody implements MockResponseBody {
    private final String text;
    private final long periodMillis;

    EndlessBody(String text, long periodMillis) {
      this.text = text;
      this.periodMillis = periodMillis;
    }

    @Override
    public long getContentLength() {
      return -1;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      sink.writeUtf8(text);
      sink.flush();
      try {
        while (true) {
          Thread.sleep(periodMillis);
          sink.writeUtf8(":\n").flush(); // a comment: fails once the client has gone
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("server closing");
      }
    }
  }

  /** The next request the server received, failing the test if none comes within 10 s. */
  public static RecordedRequest take(MockWebServer server) throws InterruptedException {
    RecordedRequest r = server.takeRequest(10, TimeUnit.SECONDS);
    if (r == null) {
      throw new AssertionError("no request within 10 s");
    }
    return r;
  }

  /** A status with an optional JSON body. */
  public static MockResponse status(int code, String json) {
    MockResponse.Builder b = new MockResponse.Builder().code(code);
    if (json != null) {
      b.setHeader("Content-Type", "application/json").body(json);
    }
    return b.build();
  }
}
