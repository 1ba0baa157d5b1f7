package dev.ssekit.server.internal.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /}: the live console, one static page of plain HTML and JavaScript (no build step) that connects
 * with a token, shows the state, the events with their ids, the clients and their delivery state, and drives
 * the admin and fault API.
 */
final class ConsolePage implements Router.Endpoint {

  private final byte[] page;

  ConsolePage() {
    try (InputStream in = ConsolePage.class.getResourceAsStream("/dev/ssekit/server/console.html")) {
      if (in == null) {
        throw new IllegalStateException("console.html is missing from the jar");
      }
      page = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    ex.sendResponseHeaders(200, page.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(page);
    }
  }
}
