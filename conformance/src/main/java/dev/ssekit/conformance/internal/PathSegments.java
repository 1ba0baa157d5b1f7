package dev.ssekit.conformance.internal;

import static dev.ssekit.conformance.internal.Checks.WAIT;
import static dev.ssekit.conformance.internal.Checks.code;
import static dev.ssekit.conformance.internal.Checks.isJsonError;

import java.util.Map;
import java.util.UUID;

/**
 * Clause 19's "the {@code {id}} in a path is decoded as an RFC 3986 path segment": a private send to a connected
 * client whose id holds a {@code +} and a non-ASCII letter, the {@code +} sent as is and the letter as its UTF-8
 * percent-escapes, reaches that client; escapes that are not UTF-8 get 400 {@code BAD_REQUEST}.
 */
final class PathSegments {

  private PathSegments() {}

  static void check(Wire wire, Judge j) throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String client = "conf-seg+\u00e9-" + suffix;
    String raw = "conf-seg+%C3%A9-" + suffix;
    String type = "conf-seg-" + suffix;
    // the id goes in the query, percent-encoded UTF-8 (a header would carry the letter as one Latin-1 byte)
    try (EventStream s = wire.open("/v1/sse?client_id=" + Wire.enc(client), Map.of(), false)) {
      if (s.status != 200 || s.next("connected", WAIT) == null) {
        j.that("a stream for client id " + client + " opens", false, s.status);
        return;
      }
      Wire.Reply sent = wire.admin("POST", "/v1/admin/clients/" + raw + "/messages", "{\"event\":\"" + type
          + "\",\"data\":\"seg\"}");
      EventStream.Event e = sent.status() == 200 ? s.next(type, WAIT) : null;
      j.that("a private send to /v1/admin/clients/" + raw + "/messages ('+' kept, %C3%A9 as UTF-8) reaches client "
          + "id " + client, sent.status() == 200 && e != null, code(sent) + (e == null ? ", not received" : ", received"));
    }
    Wire.Reply bad = wire.admin("POST", "/v1/admin/clients/conf-seg-%FF%FE/messages", "{\"data\":\"x\"}");
    j.that("escapes that are not UTF-8 in the path (%FF%FE) are 400 BAD_REQUEST", bad.status() == 400
        && isJsonError(bad, "BAD_REQUEST"), code(bad));
  }
}
