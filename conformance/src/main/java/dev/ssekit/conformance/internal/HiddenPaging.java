package dev.ssekit.conformance.internal;

import static dev.ssekit.conformance.internal.Checks.WAIT;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Clause 16's {@code limit} counts only what the client may see: with another client's private messages mixed
 * in, a page still holds {@code limit} of the asking client's messages, and {@code X-Ssekit-More} says whether
 * more of those are held.
 */
final class HiddenPaging {

  private HiddenPaging() {}

  static void check(Wire wire, String type, Judge j) throws Exception {
    String reader = "conf-pager-" + UUID.randomUUID();
    String other = "conf-pager-other-" + UUID.randomUUID();
    try (EventStream r = wire.connect(reader, Map.of(), WAIT); EventStream o = wire.connect(other, Map.of(), WAIT)) {
      String before = wire.broadcast(body(type, "before"));
      String b1 = wire.broadcast(body(type, "b1"));
      String p1 = privateTo(wire, other, body(type, "p1"));
      String b2 = wire.broadcast(body(type, "b2"));
      String p2 = privateTo(wire, other, body(type, "p2"));
      String p3 = privateTo(wire, other, body(type, "p3"));
      String b3 = wire.broadcast(body(type, "b3"));
      String mixed = "published b1 " + b1 + ", p1 " + p1 + " (private to another client), b2 " + b2 + ", p2 " + p2
          + ", p3 " + p3 + ", b3 " + b3;
      Wire.Reply first = wire.missedPage(reader, before, "2", wire.auth());
      j.that("limit=2 with another client's private messages mixed in (" + mixed + "): the first two this client "
          + "may see, and X-Ssekit-More: true", Wire.ids(first).equals(List.of(b1, b2))
          && "true".equalsIgnoreCase(first.header("X-Ssekit-More")),
          Wire.ids(first) + " more=" + first.header("X-Ssekit-More"));
      Wire.Reply second = wire.missedPage(reader, b2, "2", wire.auth());
      j.that("limit=2 from the last id listed: the one left, and no X-Ssekit-More", Wire.ids(second).equals(List.of(b3))
          && !"true".equalsIgnoreCase(second.header("X-Ssekit-More")),
          Wire.ids(second) + " more=" + second.header("X-Ssekit-More"));
    }
  }

  private static String body(String type, String data) {
    return "{\"event\":\"" + type + "\",\"data\":\"" + data + "\"}";
  }

  private static String privateTo(Wire wire, String client, String body) throws Exception {
    Wire.Reply r = wire.sendPrivate(client, body);
    if (r.status() != 200 || r.json() == null) {
      throw new IllegalStateException("a private send to " + client + " answered " + r.brief());
    }
    return r.json().path("id").asText();
  }
}
