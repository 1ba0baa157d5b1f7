package dev.ssekit.conformance.internal;

import static dev.ssekit.conformance.internal.Checks.WAIT;

import dev.ssekit.conformance.Target;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Clause 22's "a HEAD request gets its status and headers with no body": {@code HEAD} on a few paths answers the
 * status and {@code Content-Type} that {@code GET} answers there, or a 405 JSON error with {@code Allow} (a hub
 * may serve GET only: the reference hub does), and not one byte after its headers before the hub closes the
 * connection (the request says {@code Connection: close}).
 */
final class HeadRequests {

  private HeadRequests() {}

  static void check(Target t, Wire wire, Judge j) throws Exception {
    List<String[]> paths = new ArrayList<>();
    paths.add(new String[] {"/healthz", null});
    paths.add(new String[] {"/conformance/no-such-path", null});
    if (t.hasAdmin()) {
      paths.add(new String[] {"/v1/admin/stats", "Bearer " + t.adminToken()});
    }
    for (String[] p : paths) {
      Map<String, String> headers = p[1] == null ? Map.of() : Map.of("Authorization", p[1]);
      Wire.Reply get = wire.send("GET", t.base().resolve(p[0]), null, headers);
      try (Socket s = Http1.connect(t.base(), WAIT, wire.source())) {
        Http1.writeHead(s.getOutputStream(), t.base(), "HEAD", p[0], headers, -1);
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        Http1.Head head = Http1.readHead(in);
        String after = rest(in);
        String type = head.first("content-type");
        String allow = head.first("allow");
        boolean status = head.status() == get.status() || head.status() == 405 && allow != null;
        boolean typed = head.status() == get.status() ? Objects.equals(type, get.header("Content-Type"))
            : type != null && type.startsWith("application/json");
        j.that("HEAD " + p[0] + " gets a status and headers (GET's, or 405 with Allow as a JSON error) and no body",
            status && typed && "".equals(after), head.status() + " " + type + (allow == null ? "" : ", Allow " + allow)
            + (after == null ? ", the connection still open " + WAIT.toSeconds() + " s after the headers"
            : after.isEmpty() ? ", no body" : ", then " + after.length() + " bytes: " + Checks.abbreviate(after))
            + " (GET: " + get.status() + " " + get.header("Content-Type") + ")");
      }
    }
  }

  /** What follows the headers until the hub closes the connection; null if it did not within {@link Checks#WAIT}. */
  private static String rest(InputStream in) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    long deadline = System.nanoTime() + WAIT.toNanos();
    try {
      for (int n = in.read(buf); n != -1; n = in.read(buf)) {
        out.write(buf, 0, n);
        if (System.nanoTime() > deadline) {
          return null; // a body that does not end
        }
      }
    } catch (SocketTimeoutException e) {
      return null;
    } catch (java.io.IOException e) {
      // a reset ends it too
    }
    return out.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
  }
}
