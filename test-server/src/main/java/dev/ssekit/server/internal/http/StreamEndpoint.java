package dev.ssekit.server.internal.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import dev.ssekit.server.internal.ClientStream;
import dev.ssekit.server.internal.ConnectFaults;
import dev.ssekit.server.internal.DefaultHub;
import dev.ssekit.server.internal.ForeignClientIdException;
import dev.ssekit.server.internal.HubLimitException;
import dev.ssekit.server.internal.StreamSink;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/** {@code GET /v1/sse} (and its aliases): opens a stream and runs it on this connection's thread. */
final class StreamEndpoint implements Router.Endpoint {

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
    ConnectFaults.Rejection rejection = connectFaults.take();
    if (rejection != null) {
      throw new HttpError(rejection.status(), "INJECTED_FAULT", "connect rejected by an injected fault",
          rejection.retryAfterSeconds() == null
              ? Map.of() : Map.of("Retry-After", Long.toString(rejection.retryAfterSeconds())));
    }
    Map<String, String> query = Exchanges.query(ex);
    String principal = auth.check(ex, query);
    String clientId = firstPresent(Ids.utf8Header(ex, "X-Client-ID"), query.get("client_id"));
    clientId = clientId == null ? Ids.newClientId() : Ids.checked("client id", clientId);
    String lastEventId = firstPresent(Ids.utf8Header(ex, "Last-Event-ID"), query.get("last_event_id"));
    if (lastEventId != null) {
      Ids.checked("Last-Event-ID", lastEventId);
    }

    ClientStream stream;
    try {
      stream = hub.connect(principal, clientId, lastEventId);
    } catch (ForeignClientIdException e) {
      throw auth.refuseForeign(ex, e.streaming()
          ? new HttpError(409, "CLIENT_ID_IN_USE", "this client id has an open stream of another principal")
          : new HttpError(403, "CLIENT_ID_FORBIDDEN", "this client id belongs to another principal"));
    } catch (HubLimitException e) {
      throw new HttpError(e.status(), e.code(), e.getMessage());
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

  /** The response body of a stream. */
  private static final class ExchangeSink implements StreamSink {
    private final OutputStream out;

    ExchangeSink(HttpExchange ex) {
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
    public void finish() throws IOException {
      out.close(); // the last chunk; the server then takes the connection back
    }
  }
}
