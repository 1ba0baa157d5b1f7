package dev.ssekit.server.internal.http;

import com.sun.net.httpserver.HttpServer;
import dev.ssekit.server.HubConfig;
import dev.ssekit.server.internal.DefaultHub;
import dev.ssekit.server.internal.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;

/** The hub's HTTP side on the JDK's built-in server: every route of {@code docs/PROTOCOL.md}. */
public final class HttpFront {

  private final HttpServer server;

  private HttpFront(HttpServer server) {
    this.server = server;
  }

  /** Binds and starts serving; connection handlers run on {@code executor}. */
  public static HttpFront start(DefaultHub hub, InetSocketAddress address, int backlog, ExecutorService executor)
      throws IOException {
    HubConfig config = hub.config();
    AuthGate auth = new AuthGate(hub,
        new AuthFailureLimiter(config.authFailureLimit(), config.authFailureWindow().toMillis(), config.clock()));
    ConnectFaults connectFaults = new ConnectFaults();
    Router router = new Router(new Cors(config.corsOrigins()));

    StreamEndpoint stream = new StreamEndpoint(hub, auth, connectFaults);
    router.route("/v1/sse", "/sse", "/events").on("GET", stream);
    ClientEndpoints client = new ClientEndpoints(hub, auth);
    router.route("/v1/sse/missed", "/events/missed-msg").on("GET", client::missed);
    router.route("/v1/sse/ack").on("POST", client::ack);
    router.route("/", "/console").on("GET", new ConsolePage());
    router.route("/healthz").on("GET", ex -> {
      if (hub.isStopped()) {
        throw HttpError.stopped();
      }
      Exchanges.sendJson(ex, 200, Json.object("status", "ok", "clients", hub.getClientCount()));
    });

    if (config.adminToken() != null) {
      AdminEndpoints admin = new AdminEndpoints(hub, auth, config.adminToken(), connectFaults);
      router.route("/v1/admin/broadcast").on("POST", admin::broadcast);
      router.route("/v1/admin/clients").on("GET", admin::clients);
      router.route("/v1/admin/stats").on("GET", admin::stats);
      router.route("/v1/admin/faults").on("POST", admin::faults);
      router.routePrefix("/v1/admin/clients/", admin::clientMessagesRoute);
    }

    HttpServer server = HttpServer.create(address, backlog);
    server.setExecutor(executor);
    server.createContext("/", router);
    server.start();
    return new HttpFront(server);
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** Stops accepting and closes every connection at once. */
  public void stop() {
    server.stop(0);
  }
}
