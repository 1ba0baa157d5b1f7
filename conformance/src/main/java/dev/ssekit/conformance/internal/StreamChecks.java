package dev.ssekit.conformance.internal;

import static dev.ssekit.conformance.internal.Checks.NEEDS_ADMIN;
import static dev.ssekit.conformance.internal.Checks.WAIT;
import static dev.ssekit.conformance.internal.Checks.check;
import static dev.ssekit.conformance.internal.Checks.code;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.conformance.CheckResult;
import dev.ssekit.conformance.Target;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Clauses 6-9: the stream's headers and CORS, client ids and replacement, the first event, heartbeats. */
public final class StreamChecks {

  private static final String T6 = "Stream headers; CORS echoes the origin (or *), preflight, exposed headers";
  private static final String T7 = "Client id from header or query, validated; the replacing stream keeps receiving";
  private static final String T8 = "First event: connected, retry, no id, client_id, epoch-ms timestamp, join position";
  private static final String T9 = "Heartbeat events with an epoch-ms timestamp and no id";
  private static final long DAY_MS = 86_400_000L;

  private StreamChecks() {}

  public static List<Check> all(Target t) {
    return List.of(
        check(6, T6, wire -> headers(t, wire)),
        check(7, T7, wire -> clientIds(t, wire)),
        check(8, T8, wire -> connected(t, wire)),
        check(9, T9, wire -> heartbeat(t, wire)));
  }

  private static String lower(String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }

  /** The origin rule: the request's origin echoed exactly (with Vary: Origin), or {@code *}. */
  private static void origin(Judge j, String where, String sent, String allowOrigin, String vary) {
    boolean ok = "*".equals(allowOrigin) || sent.equals(allowOrigin) && lower(vary).contains("origin");
    j.that(where + " Access-Control-Allow-Origin is '" + sent + "' (with Vary: Origin) or '*'", ok,
        allowOrigin + ", Vary " + vary);
  }

  private static CheckResult headers(Target t, Wire wire) throws Exception {
    Judge j = new Judge();
    String o = t.origin();
    try (EventStream s = wire.open("/v1/sse", Map.of("Origin", o), false)) {
      j.eq("status", 200, s.status);
      j.that("Content-Type text/event-stream", lower(s.headers.firstValue("Content-Type").orElse(""))
          .startsWith("text/event-stream"), s.headers.firstValue("Content-Type").orElse(null));
      j.that("Cache-Control no-cache", lower(s.headers.firstValue("Cache-Control").orElse("")).contains("no-cache"),
          s.headers.firstValue("Cache-Control").orElse(null));
      j.eq("X-Accel-Buffering", "no", s.headers.firstValue("X-Accel-Buffering").orElse(null));
      origin(j, "stream", o, s.headers.firstValue("Access-Control-Allow-Origin").orElse(null),
          String.join(",", s.headers.allValues("Vary")));
      String exposed = lower(String.join(",", s.headers.allValues("Access-Control-Expose-Headers")));
      j.that("Access-Control-Expose-Headers has Retry-After, WWW-Authenticate, X-Ssekit-Gap and X-Ssekit-More",
          exposed.contains("retry-after") && exposed.contains("www-authenticate") && exposed.contains("x-ssekit-gap")
              && exposed.contains("x-ssekit-more"), exposed);
      j.that("first event flushed at once", s.next(WAIT) != null, "an event within " + WAIT.toSeconds() + " s");
    }
    if (t.token() != null) {
      Wire.Reply refused = wire.send("GET", t.stream(), null, Map.of("Origin", o));
      origin(j, "401 answer", o, refused.header("Access-Control-Allow-Origin"),
          String.join(",", refused.headers().allValues("Vary")));
    }
    for (String[] p : new String[][] {{"/v1/sse", "GET"}, {"/v1/sse/ack", "POST"}}) {
      Wire.Reply pre = wire.send("OPTIONS", t.base().resolve(p[0]), null, Map.of("Origin", o,
          "Access-Control-Request-Method", p[1], "Access-Control-Request-Headers", "authorization, last-event-id"));
      j.eq("preflight " + p[0] + " status", 204, pre.status());
      origin(j, "preflight " + p[0], o, pre.header("Access-Control-Allow-Origin"),
          String.join(",", pre.headers().allValues("Vary")));
      String methods = lower(pre.header("Access-Control-Allow-Methods"));
      j.that("preflight " + p[0] + " allows " + p[1], methods.contains(lower(p[1])), methods);
      String allowed = lower(pre.header("Access-Control-Allow-Headers"));
      boolean all = true;
      for (String h : new String[] {"authorization", "content-type", "last-event-id", "x-client-id",
          "x-encrypted-token", "cache-control"}) {
        all &= allowed.contains(h);
      }
      j.that("preflight " + p[0] + " allows the six request headers", all, allowed);
      j.eq("preflight " + p[0] + " Max-Age", "600", pre.header("Access-Control-Max-Age"));
    }
    return j.result(6, T6);
  }

  private static CheckResult clientIds(Target t, Wire wire) throws Exception {
    Judge j = new Judge();
    String fromQuery = "conf-q-" + UUID.randomUUID();
    try (EventStream q = wire.open("/v1/sse?client_id=" + fromQuery, Map.of(), false)) {
      EventStream.Event c = q.next("connected", WAIT);
      j.eq("client_id from the query", fromQuery, c == null ? null : Checks.json(c.data()).path("client_id").asText());
    }
    Wire.Reply tooLong = wire.send("GET", t.base().resolve("/v1/sse?client_id=" + "x".repeat(257)), null, wire.auth());
    j.eq("a 257-character client id", 400, tooLong.status());
    for (String[] bad : new String[][] {{"LF", "a%0Ab"}, {"CR", "a%0Db"}, {"NUL", "a%00b"},
        {"escapes that are not UTF-8", "conf-%FF"}}) {
      Wire.Reply r = wire.send("GET", t.base().resolve("/v1/sse?client_id=" + bad[1]), null, wire.auth());
      j.eq("a client id with " + bad[0], 400, r.status());
    }
    String fromHeader = "conf-h-" + UUID.randomUUID();
    try (EventStream both = wire.open("/v1/sse?client_id=conf-q-" + UUID.randomUUID(),
        Map.of("X-Client-ID", fromHeader), false)) {
      EventStream.Event c = both.next("connected", WAIT);
      j.eq("X-Client-ID wins over client_id in the query", fromHeader,
          c == null ? null : Checks.json(c.data()).path("client_id").asText());
    }
    try (EventStream made = wire.open("/v1/sse", Map.of(), false)) {
      EventStream.Event c = made.next("connected", WAIT);
      String id = c == null ? null : Checks.json(c.data()).path("client_id").asText(null);
      j.that("a client id the hub makes is c- and 128 random bits in hex", id != null
          && id.matches("c-[0-9a-f]{32}"), id);
    }
    String id = "conf-" + UUID.randomUUID();
    try (EventStream first = wire.open("/v1/sse", Map.of("X-Client-ID", id), false)) {
      EventStream.Event connected = first.next("connected", WAIT);
      j.eq("client_id from X-Client-ID", id, connected == null ? null
          : Checks.json(connected.data()).path("client_id").asText());
      try (EventStream second = wire.open("/v1/sse", Map.of("X-Client-ID", id), false)) {
        j.that("the replacing stream gets connected", second.next("connected", WAIT) != null, "connected");
        j.that("the first stream ends when replaced", first.endsWithin(WAIT), "ended");
        if (t.hasAdmin()) {
          String after = wire.broadcast("{\"event\":\"conf-replaced\",\"data\":\"after\"}");
          EventStream.Event got = second.next("conf-replaced", WAIT);
          j.eq("the replacing stream receives a broadcast sent after the replacement", after,
              got == null ? null : got.id());
        } else {
          j.note("whether the replacing stream keeps receiving is not checked: " + NEEDS_ADMIN);
        }
      }
    }
    if (!t.hasAdmin() && j.ok()) {
      return CheckResult.skip(7, T7, NEEDS_ADMIN + "; without it: " + j.result(7, T7).evidence());
    }
    return j.result(7, T7);
  }

  private static CheckResult connected(Target t, Wire wire) throws Exception {
    Judge j = new Judge();
    if (t.hasAdmin()) {
      JoinPositions.check(wire, j);
    } else {
      j.note("join positions before the first publish and on a reused client id not checked: " + NEEDS_ADMIN);
    }
    String id = "conf-first-" + UUID.randomUUID();
    try (EventStream s = wire.open("/v1/sse", Map.of("X-Client-ID", id), false)) {
      EventStream.Event first = s.next(WAIT);
      j.that("a first event", first != null, "within " + WAIT.toSeconds() + " s");
      if (first != null) {
        JsonNode data = Checks.json(first.data());
        j.eq("type", "connected", first.type());
        j.eq("id line", null, first.id());
        j.that("retry: with digits", first.retry() != null, first.retry());
        j.eq("client_id", id, data == null ? null : data.path("client_id").asText());
        timestamp(j, data);
        JsonNode join = data == null ? null : data.get("last_event_id");
        j.that("a connect without Last-Event-ID gets its join position (last_event_id, a non-empty string)",
            join != null && join.isTextual() && !join.asText().isEmpty(), join);
      }
    }
    return j.result(8, T8);
  }

  /** A timestamp must be a JSON number of epoch milliseconds within a day of this machine's clock. */
  static void timestamp(Judge j, JsonNode data) {
    JsonNode ts = data == null ? null : data.get("timestamp");
    long now = System.currentTimeMillis();
    j.that("timestamp is epoch milliseconds (a number within a day of now)", ts != null && ts.isIntegralNumber()
        && Math.abs(ts.asLong() - now) < DAY_MS, ts);
  }

  private static CheckResult heartbeat(Target t, Wire wire) throws Exception {
    Judge j = new Judge();
    try (EventStream s = wire.open("/v1/sse", Map.of(), false)) {
      EventStream.Event beat = s.next("heartbeat", t.heartbeatTimeout());
      j.that("a heartbeat event within --heartbeat-timeout " + t.heartbeatTimeout().toSeconds() + " s", beat != null,
          beat == null ? s.comments() + " comment line(s) instead" : "one");
      if (beat != null) {
        j.eq("heartbeat id line", null, beat.id());
        timestamp(j, Checks.json(beat.data()));
      }
    }
    return j.result(9, T9);
  }

  static String describe(Wire.Reply r) {
    return code(r);
  }
}
