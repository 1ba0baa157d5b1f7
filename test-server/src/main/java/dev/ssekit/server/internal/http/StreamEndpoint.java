package dev.ssekit.server.internal.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import dev.ssekit.server.internal.ClientStream;
import dev.ssekit.server.internal.DefaultHub;
import dev.ssekit.server.internal.StreamSink;
import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Map;

/** {@code GET /v1/sse} (and its aliases): opens a stream and runs it on this connection's thread. */
final class StreamEndpoint implements Router.Endpoint {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_ID_LENGTH = 256;

  private final DefaultHub hub;
  private final AuthGate auth;
  private final ConnectFaults connectFaults;

  StreamEndpoint(DefaultHub hub, AuthGate auth, ConnectFaults connectFaults) {
    this.hub = hub;
    this.auth = auth;
    this.connectFaults = connectFaults;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    if (hub.isStopped()) {
      throw HttpError.stopped();
    }
    connectFaults.maybeReject();
    Map<String, String> query = Exchanges.query(ex);
    auth.check(ex, query);
    String clientId = firstPresent(ex.getRequestHeaders().getFirst("X-Client-ID"), query.get("client_id"));
    clientId = clientId == null ? newClientId() : checkedId("client id", clientId);
    String lastEventId = firstPresent(ex.getRequestHeaders().getFirst("Last-Event-ID"), query.get("last_event_id"));
    if (lastEventId != null) {
      checkedId("Last-Event-ID", lastEventId);
    }

    ClientStream stream;
    try {
      stream = hub.connect(clientId, lastEventId);
    } catch (IllegalStateException e) {
      throw HttpError.stopped();
    }
    Headers headers = ex.getResponseHeaders();
    headers.set("Content-Type", "text/event-stream; charset=utf-8");
    headers.set("Cache-Control", "no-cache");
    headers.set("X-Accel-Buffering", "no");
    try {
      ex.sendResponseHeaders(200, 0);
    } catch (IOException | RuntimeException e) {
      stream.abandon();
      throw e;
    }
    stream.run(new ExchangeSink(ex));
  }

  private static String firstPresent(String a, String b) {
    if (a != null && !a.isEmpty()) {
      return a;
    }
    return b == null || b.isEmpty() ? null : b;
  }

  private static String checkedId(String what, String id) {
    if (id.length() > MAX_ID_LENGTH) {
      throw HttpError.badRequest(what + " is longer than " + MAX_ID_LENGTH + " characters");
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c == '\r' || c == '\n' || c == '\0') {
        throw HttpError.badRequest(what + " must not contain CR, LF or NUL");
      }
    }
    return id;
  }

  private static String newClientId() {
    return "c-" + Long.toString(RANDOM.nextLong() >>> 1, 36);
  }

  /** The response body of a stream. */
  private static final class ExchangeSink implements StreamSink {
    private final HttpExchange ex;
    private final OutputStream out;

    ExchangeSink(HttpExchange ex) {
      this.ex = ex;
      this.out = ex.getResponseBody();
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() {
      ex.close();
    }
  }
}
