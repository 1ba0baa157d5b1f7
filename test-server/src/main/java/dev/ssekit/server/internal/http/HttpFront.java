package dev.ssekit.server.internal.http;

import com.sun.net.httpserver.HttpHandler;
import dev.ssekit.server.HubConfig;
import dev.ssekit.server.internal.ConnectFaults;
import dev.ssekit.server.internal.DefaultHub;
import dev.ssekit.server.internal.Json;

/** The hub's HTTP side on the JDK's built-in server: every route of {@code docs/PROTOCOL.md} in one handler. */
public final class HttpFront {

  private HttpFront() {}

  /** The handler serving this hub; its rate limiter is swept on the hub's housekeeping thread. */
  public static HttpHandler handlerFor(DefaultHub hub) {
    HubConfig config = hub.config();
    AuthFailureLimiter limiter =
        new AuthFailureLimiter(config.authFailureLimit(), config.authFailureWindow().toMillis(), config.clock(),
            config.authFailureAddresses());
    hub.addHousekeeping(limiter::sweep);
    RefusalLog refusals = new RefusalLog();
    hub.addHousekeeping(refusals::flush);
    RefusalLog validatorFailures = new RefusalLog("token validator failed", "answered 500", true);
    hub.addHousekeeping(validatorFailures::flush);
    AuthGate auth = new AuthGate(hub, limiter, refusals, validatorFailures);
    ConnectFaults connectFaults = hub.connectFaults();
    Router router = new Router(new Cors(config.corsOrigins()), hub::isStopped);

    StreamEndpoint stream = new StreamEndpoint(hub, auth, connectFaults);
    router.route("/v1/sse", "/sse", "/events").on("GET", stream);
    ClientEndpoints client = new ClientEndpoints(hub, auth);
    router.route("/v1/sse/missed", "/events/missed-msg").on("GET", client::missed);
    router.route("/v1/sse/ack").on("POST", client::ack);
    router.route("/", "/console").on("GET", new ConsolePage());
    router.route("/healthz").on("GET",
        ex -> Exchanges.sendJson(ex, 200, Json.object("status", "ok", "clients", hub.getClientCount())));

    if (config.adminToken() != null) {
      AdminEndpoints admin = new AdminEndpoints(hub, auth, config.adminToken(), connectFaults);
      router.route("/v1/admin/broadcast").on("POST", admin::broadcast);
      router.route("/v1/admin/clients").on("GET", admin::clients);
      router.route("/v1/admin/stats").on("GET", admin::stats);
      router.route("/v1/admin/faults").on("POST", admin::faults);
      router.route("/v1/admin/stop").on("POST", admin::stop);
      router.routePrefix("/v1/admin/clients/", admin::clientMessagesRoute);
    }
    return router;
  }
}
