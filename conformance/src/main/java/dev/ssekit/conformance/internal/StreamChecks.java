package dev.ssekit.conformance.internal;

import static dev.ssekit.conformance.internal.AuthChecks.check;
import static dev.ssekit.conformance.internal.AuthChecks.skipped;
import static dev.ssekit.conformance.internal.AuthChecks.verdict;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.conformance.Target;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Clauses 6-11: the stream's headers, client ids, first event, heartbeat, framing and ids. */
public final class StreamChecks {

  private static final Duration WAIT = Duration.ofSeconds(5);

  private StreamChecks() {}

  public static List<Check> all(Target t, Wire wire) {
    return List.of(
        check(6, "Stream headers, CORS and preflight", () -> {
          String headers;
          boolean ok;
          try (Wire.Stream s = wire.open("/v1/sse", Map.of("Origin", "https://conformance.example"), false)) {
            String type = s.headers.firstValue("Content-Type").orElse("");
            String cache = s.headers.firstValue("Cache-Control").orElse("");
            String accel = s.headers.firstValue("X-Accel-Buffering").orElse("");
            String origin = s.headers.firstValue("Access-Control-Allow-Origin").orElse("");
            ok = s.status == 200 && type.startsWith("text/event-stream") && cache.contains("no-cache")
                && accel.equals("no") && !origin.isEmpty() && s.next(WAIT) != null;
            headers = "status " + s.status + ", Content-Type " + type + ", Cache-Control " + cache
                + ", X-Accel-Buffering " + accel + ", Allow-Origin " + origin;
          }
          Wire.Reply preflight = wire.send("OPTIONS", t.stream(), null, Map.of("Origin", "https://conformance.example",
              "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "last-event-id"));
          String allowed = String.valueOf(preflight.header("Access-Control-Allow-Headers")).toLowerCase();
          ok &= preflight.status() == 204 && allowed.contains("authorization") && allowed.contains("last-event-id")
              && allowed.contains("x-client-id");
          return verdict(6, "Stream headers, CORS and preflight", ok, headers + "; preflight " + preflight.status()
              + " allows " + allowed);
        }),
        check(7, "Client id from header, one stream per id", () -> {
          String id = "conf-" + UUID.randomUUID();
          try (Wire.Stream first = wire.open("/v1/sse", Map.of("X-Client-ID", id), false)) {
            Wire.Event connected = first.next("connected", WAIT);
            String seen = connected == null ? null : Wire.JSON.readTree(connected.data()).path("client_id").asText();
            try (Wire.Stream second = wire.open("/v1/sse", Map.of("X-Client-ID", id), false)) {
              second.next("connected", WAIT);
              boolean replaced = first.endsWithin(WAIT);
              return verdict(7, "Client id from header, one stream per id", id.equals(seen) && replaced,
                  "connected client_id " + seen + "; first stream ended when replaced: " + replaced);
            }
          }
        }),
        check(8, "First event: connected, with retry and no id", () -> {
          try (Wire.Stream s = wire.open("/v1/sse", Map.of(), false)) {
            Wire.Event first = s.next(WAIT);
            boolean ok = first != null && first.type().equals("connected") && first.id() == null
                && first.retry() != null && Wire.JSON.readTree(first.data()).hasNonNull("client_id");
            return verdict(8, "First event: connected, with retry and no id", ok, String.valueOf(first));
          }
        }),
        check(9, "Heartbeat events with a timestamp and no id", () -> {
          try (Wire.Stream s = wire.open("/v1/sse", Map.of(), false)) {
            Wire.Event beat = s.next("heartbeat", t.heartbeatTimeout());
            boolean ok = beat != null && beat.id() == null && Wire.JSON.readTree(beat.data()).has("timestamp");
            return verdict(9, "Heartbeat events with a timestamp and no id", ok,
                beat == null ? "no heartbeat within " + t.heartbeatTimeout() : String.valueOf(beat));
          }
        }),
        check(10, "Framing: one data line per line; raw strings, JSON objects; bad ids refused", () -> {
          if (!t.hasAdmin()) {
            return skipped(10, "Framing", "needs --admin-url and --admin-token to publish");
          }
          try (Wire.Stream s = wire.open("/v1/sse", Map.of(), false)) {
            s.next("connected", WAIT);
            wire.broadcast("{\"event\":\"conf-framing\",\"data\":\"one\\ntwo\\r\\nthree\\rfour\"}");
            wire.broadcast("{\"event\":\"conf-framing\",\"data\":{\"k\":[1,true]}}");
            Wire.Event lines = s.next("conf-framing", WAIT);
            Wire.Event object = s.next("conf-framing", WAIT);
            Wire.Reply bad = wire.admin("POST", "/v1/admin/broadcast", "{\"id\":\"a\\nb\",\"data\":\"x\"}");
            boolean ok = lines != null && "one\ntwo\nthree\nfour".equals(lines.data()) && object != null
                && "{\"k\":[1,true]}".equals(object.data()) && bad.status() == 400;
            return verdict(10, "Framing: one data line per line; raw strings, JSON objects; bad ids refused", ok,
                "multi-line: " + (lines == null ? null : lines.data().replace("\n", "\\n")) + "; object: "
                    + (object == null ? null : object.data()) + "; id with LF: " + bad.status());
          }
        }),
        check(11, "Every message gets an id; ids are unique", () -> {
          if (!t.hasAdmin()) {
            return skipped(11, "Every message gets an id", "needs --admin-url and --admin-token to publish");
          }
          try (Wire.Stream s = wire.open("/v1/sse", Map.of(), false)) {
            s.next("connected", WAIT);
            String a = wire.broadcast("{\"event\":\"conf-id\",\"data\":\"a\"}");
            String b = wire.broadcast("{\"event\":\"conf-id\",\"data\":\"b\"}");
            Wire.Event first = s.next("conf-id", WAIT);
            Wire.Event second = s.next("conf-id", WAIT);
            boolean ok = first != null && second != null && a.equals(first.id()) && b.equals(second.id())
                && !a.equals(b);
            return verdict(11, "Every message gets an id; ids are unique", ok, "assigned " + a + ", " + b
                + "; received " + (first == null ? null : first.id()) + ", " + (second == null ? null : second.id()));
          }
        }));
  }

  static JsonNode json(String text) {
    try {
      return Wire.JSON.readTree(text);
    } catch (Exception e) {
      return null;
    }
  }
}
