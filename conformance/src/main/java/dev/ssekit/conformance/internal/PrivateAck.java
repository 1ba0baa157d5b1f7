package dev.ssekit.conformance.internal;

import static dev.ssekit.conformance.internal.Checks.WAIT;
import static dev.ssekit.conformance.internal.Checks.code;
import static dev.ssekit.conformance.internal.Checks.isJsonError;

import java.util.Map;
import java.util.UUID;

/**
 * Clause 17's "so does the id of another client's private message": an ack that names another client's private
 * message gets the same answer as an id never issued, {@code 400 UNKNOWN_EVENT_ID}, so an ack cannot tell a client
 * that such an id exists.
 */
final class PrivateAck {

  private PrivateAck() {}

  /** {@code client} has a tracker (it opened a stream); {@code type} is the check's event type. */
  static void check(Wire wire, Judge j, String client, String type) throws Exception {
    String other = "conf-ack-other-" + UUID.randomUUID();
    try (EventStream s = wire.connect(other, Map.of(), WAIT)) {
      Wire.Reply sent = wire.sendPrivate(other, "{\"event\":\"" + type + "\",\"data\":\"for another client\"}");
      String id = sent.json() == null ? null : sent.json().path("id").asText(null);
      if (sent.status() != 200 || id == null) {
        j.that("a private send to another connected client", false, sent.brief());
        return;
      }
      Wire.Reply r = wire.ack(client, id, wire.auth());
      j.that("an ack naming another client's private message (" + id + ") is 400 UNKNOWN_EVENT_ID, as for an id "
          + "never issued", r.status() == 400 && isJsonError(r, "UNKNOWN_EVENT_ID"), code(r));
    }
  }
}
