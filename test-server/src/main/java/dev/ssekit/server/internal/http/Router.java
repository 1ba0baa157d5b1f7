package dev.ssekit.server.internal.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches every request by path and method, adds CORS headers, answers preflights, and turns every
 * failure into a JSON error (clause 22): unknown path 404, wrong method 405, stopped hub 503, anything
 * unexpected 500. Paths are taken relative to the context the handler is mounted on.
 *
 * <p>How an exchange ends decides whether the JDK server lets go of its connection: a handler that returns
 * has finished its response (the server takes the connection back); a connection that broke is reported by
 * throwing {@link IOException} to the server, which then drops and forgets it. Nothing else leaves here.
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
  private final BooleanSupplier stopped;

  Router(Cors cors, BooleanSupplier stopped) {
    this.cors = cors;
    this.stopped = stopped;
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
  public void handle(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod();
    try {
      cors.apply(ex);
      Routes routes = resolve(path(ex));
      if (routes == null) {
        throw HttpError.notFound("no such path");
      }
      if (stopped.getAsBoolean()) {
        throw HttpError.stopped();
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
      throw e; // the server drops the connection and forgets it
    } catch (Throwable e) {
      LOG.error("unexpected failure on {} {}", method, Redaction.redact(ex.getRequestURI()), e);
      if (!respond(ex, new HttpError(500, "SERVER_ERROR", "internal error"))) {
        throw new IOException("response abandoned after an unexpected failure");
      }
    } finally {
      LOG.debug("{} {} -> {}", method, Redaction.redact(ex.getRequestURI()), ex.getResponseCode());
    }
    ex.close();
  }

  /** The request path below the context the handler is mounted on. */
  private static String path(HttpExchange ex) {
    String path = ex.getRequestURI().getRawPath();
    String context = ex.getHttpContext().getPath();
    if (context.endsWith("/")) {
      context = context.substring(0, context.length() - 1);
    }
    return context.isEmpty() || !path.startsWith(context) ? path : path.substring(context.length());
  }

  private Routes resolve(String path) {
    Routes routes = exact.get(path.isEmpty() ? "/" : path);
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

  /** Sends the error if the response has not started; returns whether the exchange could be answered. */
  private static boolean respond(HttpExchange ex, HttpError e) throws IOException {
    if (ex.getResponseCode() != -1) {
      return false; // the response already started; the connection must be dropped
    }
    Exchanges.sendError(ex, e);
    return true;
  }
}
