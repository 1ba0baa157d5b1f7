package dev.ssekit.conformance.internal;

import static dev.ssekit.conformance.internal.Checks.WAIT;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.UUID;

/**
 * Clause 20's "a disconnect takes effect before the answer": right after the fault's answer, the stream it ended
 * is in none of the counts of connected clients ({@code /healthz} {@code clients}, the stats' {@code connections},
 * {@code GET /v1/admin/clients}). Only this check's streams come and go meanwhile, and streams that earlier checks
 * closed can only leave, so each count must be at least one lower than just before.
 */
final class DisconnectCounts {

  private DisconnectCounts() {}

  static void check(Wire wire, Judge j) throws Exception {
    String id = "conf-fault-counted-" + UUID.randomUUID();
    try (EventStream s = wire.connect(id, Map.of(), WAIT)) {
      long clients = healthz(wire);
      long connections = connections(wire);
      wire.admin("POST", "/v1/admin/faults", "{\"type\":\"disconnect\",\"client_id\":\"" + id + "\"}");
      long clientsAfter = healthz(wire);
      long connectionsAfter = connections(wire);
      JsonNode listed = DeliveryChecks.clientRecord(wire, id);
      j.that("right after the disconnect's answer, the ended stream no longer counts as connected (/healthz "
          + "clients, stats connections, /v1/admin/clients)", clientsAfter >= 0 && clientsAfter <= clients - 1
          && connectionsAfter >= 0 && connectionsAfter <= connections - 1 && listed == null, "clients " + clients
          + " -> " + clientsAfter + ", connections " + connections + " -> " + connectionsAfter
          + (listed == null ? ", not listed" : ", still listed"));
      s.endsWithin(WAIT);
    }
  }

  private static long healthz(Wire wire) throws Exception {
    JsonNode h = wire.send("GET", wire.target().base().resolve("/healthz"), null, Map.of()).json();
    return h == null ? -1 : h.path("clients").asLong(-1);
  }

  private static long connections(Wire wire) throws Exception {
    JsonNode stats = wire.admin("GET", "/v1/admin/stats", null).json();
    return stats == null ? -1 : stats.path("connections").asLong(-1);
  }
}
