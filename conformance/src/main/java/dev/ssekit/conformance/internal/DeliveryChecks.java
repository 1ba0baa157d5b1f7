package dev.ssekit.conformance.internal;

import static dev.ssekit.conformance.internal.AuthChecks.check;
import static dev.ssekit.conformance.internal.AuthChecks.isJsonError;
import static dev.ssekit.conformance.internal.AuthChecks.skipped;
import static dev.ssekit.conformance.internal.AuthChecks.verdict;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.conformance.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Clauses 13-22: replay, gap, private messages, missed, acks, admin, faults, bad input. */
public final class DeliveryChecks {

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final String NEEDS_ADMIN = "needs --admin-url and --admin-token to publish";

  private DeliveryChecks() {}

  public static List<Check> all(Target t, Wire wire) {
    return List.of(
        check(13, "Replay after Last-Event-ID, in order, then live with no gap or duplicate", () -> {
          if (!t.hasAdmin()) {
            return skipped(13, "Replay", NEEDS_ADMIN);
          }
          String first = wire.broadcast("{\"event\":\"conf-replay\",\"data\":\"1\"}");
          List<String> expected = new ArrayList<>();
          expected.add(wire.broadcast("{\"event\":\"conf-replay\",\"data\":\"2\"}"));
          expected.add(wire.broadcast("{\"event\":\"conf-replay\",\"data\":\"3\"}"));
          try (Wire.Stream s = wire.open("/v1/sse", Map.of("Last-Event-ID", first), false)) {
            List<String> got = new ArrayList<>();
            got.add(idOf(s.next("conf-replay", WAIT)));
            got.add(idOf(s.next("conf-replay", WAIT)));
            expected.add(wire.broadcast("{\"event\":\"conf-replay\",\"data\":\"4\"}"));
            got.add(idOf(s.next("conf-replay", WAIT)));
            Wire.Event extra = s.next("conf-replay", Duration.ofMillis(300));
            return verdict(13, "Replay after Last-Event-ID, in order, then live with no gap or duplicate",
                got.equals(expected) && extra == null, "expected " + expected + ", received " + got
                    + (extra == null ? "" : " then " + extra.id()));
          }
        }),
        check(14, "An unknown Last-Event-ID gets a gap event first", () -> {
          String unknown = "conformance-unknown-" + UUID.randomUUID();
          try (Wire.Stream s = wire.open("/v1/sse", Map.of("Last-Event-ID", unknown), false)) {
            Wire.Event first = s.next(WAIT);
            if (first != null && first.type().equals("connected")) {
              first = s.next(WAIT);
            }
            JsonNode data = first == null || first.data() == null ? null : StreamChecks.json(first.data());
            boolean ok = first != null && first.type().equals("gap") && first.id() == null && data != null
                && unknown.equals(data.path("last_event_id").asText()) && data.has("oldest_available_id");
            return verdict(14, "An unknown Last-Event-ID gets a gap event first", ok, "after connected: " + first);
          }
        }),
        check(15, "A private message reaches only its client", () -> {
          if (!t.hasAdmin()) {
            return skipped(15, "Private messages", NEEDS_ADMIN);
          }
          String alice = "conf-alice-" + UUID.randomUUID();
          String bob = "conf-bob-" + UUID.randomUUID();
          try (Wire.Stream a = wire.open("/v1/sse", Map.of("X-Client-ID", alice), false);
              Wire.Stream b = wire.open("/v1/sse", Map.of("X-Client-ID", bob), false)) {
            a.next("connected", WAIT);
            b.next("connected", WAIT);
            Wire.Reply sent = wire.admin("POST", "/v1/admin/clients/" + alice + "/messages",
                "{\"event\":\"conf-private\",\"data\":\"for alice\"}");
            String marker = wire.broadcast("{\"event\":\"conf-private-marker\",\"data\":\"all\"}");
            Wire.Event toAlice = a.next("conf-private", WAIT);
            Wire.Event leak = null;
            for (Wire.Event e = b.next(WAIT); e != null; e = b.next(WAIT)) {
              if (e.type().equals("conf-private")) {
                leak = e;
              }
              if (marker.equals(e.id())) {
                break;
              }
            }
            boolean ok = sent.status() == 200 && toAlice != null && leak == null;
            return verdict(15, "A private message reaches only its client", ok, "send " + sent.status()
                + "; alice got it: " + (toAlice != null) + "; bob got it: " + (leak != null));
          }
        }),
        check(16, "Missed messages as JSON after an id", () -> {
          if (!t.hasAdmin()) {
            return skipped(16, "Missed messages", NEEDS_ADMIN);
          }
          String a = wire.broadcast("{\"event\":\"conf-missed\",\"data\":\"a\"}");
          String b = wire.broadcast("{\"event\":\"conf-missed\",\"data\":{\"n\":1}}");
          Wire.Reply r = wire.send("GET", t.base().resolve("/v1/sse/missed?client_id=conf-missed&last_received_id=" + a),
              null, wire.auth());
          JsonNode list = r.json();
          boolean ok = r.status() == 200 && list != null && list.isArray() && list.size() >= 1
              && b.equals(list.get(0).path("id").asText()) && "{\"n\":1}".equals(list.get(0).path("data").asText())
              && list.get(0).has("timestamp");
          return verdict(16, "Missed messages as JSON after an id", ok, r.status() + " " + abbreviate(r.body()));
        }),
        check(17, "Acks: 204, recorded, unknown ids refused", () -> {
          if (!t.hasAdmin()) {
            return skipped(17, "Acks", NEEDS_ADMIN);
          }
          String client = "conf-ack-" + UUID.randomUUID();
          String id = wire.broadcast("{\"event\":\"conf-ack\",\"data\":\"x\"}");
          Wire.Reply ok204 = wire.send("POST", t.base().resolve("/v1/sse/ack"),
              "{\"client_id\":\"" + client + "\",\"last_event_id\":\"" + id + "\"}", wire.auth());
          Wire.Reply unknown = wire.send("POST", t.base().resolve("/v1/sse/ack"),
              "{\"client_id\":\"" + client + "\",\"last_event_id\":\"never-issued-" + UUID.randomUUID() + "\"}", wire.auth());
          boolean ok = ok204.status() == 204 && unknown.status() == 400;
          return verdict(17, "Acks: 204, recorded, unknown ids refused", ok,
              "issued id: " + ok204.status() + "; unknown id: " + unknown.status());
        }),
        check(19, "Admin API: clients and stats", () -> {
          if (!t.hasAdmin()) {
            return skipped(19, "Admin API", "needs --admin-url and --admin-token");
          }
          try (Wire.Stream s = wire.open("/v1/sse", Map.of("X-Client-ID", "conf-admin"), false)) {
            s.next("connected", WAIT);
            JsonNode clients = wire.admin("GET", "/v1/admin/clients", null).json();
            JsonNode stats = wire.admin("GET", "/v1/admin/stats", null).json();
            boolean listed = false;
            if (clients != null && clients.isArray()) {
              for (JsonNode c : clients) {
                listed |= "conf-admin".equals(c.path("client_id").asText()) && c.has("queue_depth")
                    && c.has("connected_since") && c.has("last_acked_id");
              }
            }
            boolean ok = listed && stats != null && stats.has("connections") && stats.has("messages_published")
                && stats.has("buffer_size") && stats.has("slow_consumer_disconnects") && stats.has("auth_failures");
            return verdict(19, "Admin API: clients and stats", ok, "listed: " + listed + "; stats " + stats);
          }
        }),
        check(20, "Faults: disconnect and rejected connects", () -> {
          if (!t.hasAdmin()) {
            return skipped(20, "Faults", "needs --admin-url and --admin-token");
          }
          String id = "conf-fault-" + UUID.randomUUID();
          boolean ended;
          try (Wire.Stream s = wire.open("/v1/sse", Map.of("X-Client-ID", id), false)) {
            s.next("connected", WAIT);
            wire.admin("POST", "/v1/admin/faults", "{\"type\":\"disconnect\",\"client_id\":\"" + id + "\"}");
            ended = s.endsWithin(WAIT);
          }
          wire.admin("POST", "/v1/admin/faults", "{\"type\":\"reject\",\"count\":1,\"status\":503,\"retry_after\":3}");
          Wire.Reply rejected = wire.send("GET", t.stream(), null, wire.auth());
          boolean ok = ended && rejected.status() == 503 && "3".equals(rejected.header("Retry-After"));
          return verdict(20, "Faults: disconnect and rejected connects", ok, "disconnected: " + ended
              + "; next connect " + rejected.status() + " Retry-After " + rejected.header("Retry-After"));
        }),
        check(22, "Bad input: JSON errors with the right status", () -> {
          Wire.Reply malformed = wire.send("POST", t.base().resolve("/v1/sse/ack"), "{not json", wire.auth());
          Wire.Reply unknownPath = wire.send("GET", t.base().resolve("/conformance/no-such-path"), null, wire.auth());
          Wire.Reply wrongMethod = wire.send("DELETE", t.stream(), null, wire.auth());
          boolean ok = malformed.status() == 400 && isJsonError(malformed, "BAD_REQUEST")
              && unknownPath.status() == 404 && isJsonError(unknownPath, "NOT_FOUND")
              && wrongMethod.status() == 405 && isJsonError(wrongMethod, "METHOD_NOT_ALLOWED");
          return verdict(22, "Bad input: JSON errors with the right status", ok, "malformed JSON " + malformed.status()
              + ", unknown path " + unknownPath.status() + ", wrong method " + wrongMethod.status());
        }));
  }

  private static String idOf(Wire.Event e) {
    return e == null ? null : e.id();
  }

  private static String abbreviate(String s) {
    return s.length() > 160 ? s.substring(0, 160) + "…" : s;
  }
}
