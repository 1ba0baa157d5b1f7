package dev.ssekit.server.internal.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches every request by path and method, adds CORS headers, answers preflights, and turns every
 * failure into a JSON error (clause 22): unknown path 404, wrong method 405, anything unexpected 500.
 */
final class Router implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(Router.class);

  /** One endpoint; it writes its own response. */
  @FunctionalInterface
  interface Endpoint {
    void handle(HttpExchange ex) throws IOException;
  }

  /** Methods of one path. */
  static final class Routes {
    final Map<String, Endpoint> byMethod = new LinkedHashMap<>();

    Routes on(String method, Endpoint endpoint) {
      byMethod.put(method, endpoint);
      return this;
    }
  }

  private final Map<String, Routes> exact = new LinkedHashMap<>();
  private final Map<String, Function<String, Routes>> prefixes = new LinkedHashMap<>();
  private final Cors cors;

  Router(Cors cors) {
    this.cors = cors;
  }

  Routes route(String... paths) {
    Routes routes = new Routes();
    for (String path : paths) {
      exact.put(path, routes);
    }
    return routes;
  }

  /** Routes for every path under {@code prefix}; the resolver returns null for a path it does not serve. */
  void routePrefix(String prefix, Function<String, Routes> resolver) {
    prefixes.put(prefix, resolver);
  }

  @Override
  public void handle(HttpExchange ex) {
    String method = ex.getRequestMethod();
    try {
      cors.apply(ex);
      Routes routes = resolve(ex.getRequestURI().getRawPath());
      if (routes == null) {
        throw HttpError.notFound("no such path");
      }
      if (method.equals("OPTIONS")) {
        cors.preflight(ex, List.copyOf(routes.byMethod.keySet()));
        return;
      }
      Endpoint endpoint = routes.byMethod.get(method);
      if (endpoint == null) {
        ex.getResponseHeaders().set("Allow", String.join(", ", routes.byMethod.keySet()) + ", OPTIONS");
        throw new HttpError(405, "METHOD_NOT_ALLOWED", method + " is not allowed here");
      }
      endpoint.handle(ex);
    } catch (HttpError e) {
      respond(ex, e);
    } catch (IOException e) {
      LOG.debug("connection lost on {} {}: {}", method, Redaction.redact(ex.getRequestURI()), e.toString());
    } catch (RuntimeException e) {
      LOG.error("unexpected failure on {} {}", method, Redaction.redact(ex.getRequestURI()), e);
      respond(ex, new HttpError(500, "SERVER_ERROR", "internal error"));
    } finally {
      LOG.debug("{} {} -> {}", method, Redaction.redact(ex.getRequestURI()), ex.getResponseCode());
      ex.close();
    }
  }

  private Routes resolve(String path) {
    Routes routes = exact.get(path);
    if (routes != null) {
      return routes;
    }
    for (Map.Entry<String, Function<String, Routes>> p : prefixes.entrySet()) {
      if (path.startsWith(p.getKey())) {
        return p.getValue().apply(path.substring(p.getKey().length()));
      }
    }
    return null;
  }

  private static void respond(HttpExchange ex, HttpError e) {
    if (ex.getResponseCode() != -1) {
      return; // the response already started; all we can do is close it
    }
    try {
      Exchanges.sendError(ex, e);
    } catch (IOException io) {
      LOG.debug("could not send error {}: {}", e.status, io.toString());
    }
  }
}
