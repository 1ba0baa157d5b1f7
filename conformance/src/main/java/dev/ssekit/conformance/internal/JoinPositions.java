package dev.ssekit.conformance.internal;

import static dev.ssekit.conformance.internal.Checks.WAIT;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.UUID;

/**
 * Clause 8's join position, where a hub can get it wrong: before the hub's first publish it is the run's origin
 * {@code <run>-0}, and on a client id that was used before it is still the newest message published before the
 * stream joined, not what that client's tracker remembers.
 */
final class JoinPositions {

  private JoinPositions() {}

  static void check(Wire wire, Judge j) throws Exception {
    String type = "conf-join-" + UUID.randomUUID().toString().substring(0, 8);
    JsonNode stats = wire.admin("GET", "/v1/admin/stats", null).json();
    long published = stats == null ? -1 : stats.path("messages_published").asLong(-1);
    String early = published == 0 ? join(wire, "conf-join-early-" + UUID.randomUUID()) : null;
    String id = "conf-join-reused-" + UUID.randomUUID();
    String first;
    try (EventStream s = wire.connect(id, Map.of(), WAIT)) {
      first = wire.broadcast("{\"event\":\"" + type + "\",\"data\":\"seen by the client\"}");
      EventStream.Event got = s.next(type, WAIT);
      j.eq("the client receives a broadcast", first, got == null ? null : got.id());
      j.eq("and acks it", 204, wire.ack(id, first, wire.auth()).status());
    }
    DeliveryChecks.awaitGone(wire, id, j);
    String newest = wire.broadcast("{\"event\":\"" + type + "\",\"data\":\"published while it was away\"}");
    j.eq("the join position of a reused client id (its tracker last sent and acked " + first + ") is the newest "
        + "message published before it joined", newest, join(wire, id));
    if (early == null) {
      j.note("the join position before the first publish not checked: the hub had published " + published
          + " message(s) already (it is checked against a fresh hub)");
    } else {
      j.eq("the join position before the hub's first publish is the run's origin <run>-0", Ids.origin(first), early);
    }
  }

  /** A fresh connect's join position (its connected event's last_event_id), or null. */
  private static String join(Wire wire, String clientId) throws Exception {
    try (EventStream s = wire.open("/v1/sse", Map.of("X-Client-ID", clientId), false)) {
      EventStream.Event connected = s.next("connected", WAIT);
      JsonNode data = connected == null ? null : Checks.json(connected.data());
      return data == null ? null : data.path("last_event_id").asText(null);
    }
  }
}
