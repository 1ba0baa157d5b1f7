package dev.ssekit.server.internal.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.List;

/** CORS for browsers' {@code EventSource} and {@code fetch} (clause 6). */
final class Cors {

  static final String ALLOWED_HEADERS =
      "Authorization, Content-Type, Last-Event-ID, X-Client-ID, X-Encrypted-Token, Cache-Control";

  private final List<String> origins;
  private final boolean any;

  Cors(List<String> origins) {
    this.origins = origins;
    this.any = origins.contains("*");
  }

  /** Adds the allow-origin headers to any response. */
  void apply(HttpExchange ex) {
    Headers out = ex.getResponseHeaders();
    if (any) {
      out.set("Access-Control-Allow-Origin", "*");
    } else {
      String origin = ex.getRequestHeaders().getFirst("Origin");
      out.add("Vary", "Origin");
      if (origin != null && origins.contains(origin)) {
        out.set("Access-Control-Allow-Origin", origin);
      }
    }
    out.set("Access-Control-Expose-Headers", "Retry-After, WWW-Authenticate, X-Ssekit-Gap, X-Ssekit-More");
  }

  /** Answers an {@code OPTIONS} preflight with 204. */
  void preflight(HttpExchange ex, List<String> methods) throws IOException {
    Headers out = ex.getResponseHeaders();
    out.set("Access-Control-Allow-Methods", String.join(", ", methods) + ", OPTIONS");
    out.set("Access-Control-Allow-Headers", ALLOWED_HEADERS);
    out.set("Access-Control-Max-Age", "600");
    Exchanges.sendNoContent(ex, 204);
  }
}
