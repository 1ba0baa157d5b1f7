package dev.ssekit.conformance.internal;

import static dev.ssekit.conformance.internal.Checks.NEEDS_ADMIN;
import static dev.ssekit.conformance.internal.Checks.QUIET;
import static dev.ssekit.conformance.internal.Checks.WAIT;
import static dev.ssekit.conformance.internal.Checks.check;
import static dev.ssekit.conformance.internal.Checks.code;
import static dev.ssekit.conformance.internal.Checks.isJsonError;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.conformance.CheckResult;
import dev.ssekit.conformance.Target;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Clauses 15-17: private messages, missed messages, acks and trackers. */
public final class DeliveryChecks {

  private static final String T15 = "A private message reaches only its client: not live, replay or /missed of others";
  private static final String T16 = "Missed messages as JSON: order, raw data, timestamps, gap header";
  private static final String T17 = "Acks read back, only forward, unknown ids refused; trackers kept across reconnect";

  private DeliveryChecks() {}

  public static List<Check> all(Target t) {
    return List.of(check(15, T15, wire -> privateMessages(t, wire)), check(16, T16, wire -> missed(t, wire)),
        check(17, T17, wire -> acks(t, wire)));
  }

  private static String type(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * Reads a stream up to the marker id (bounded: heartbeats cannot keep it reading) and judges that {@code id} was
   * not among what came before it; not reaching the marker is a FAIL that names it.
   */
  static void notShownBefore(Judge j, String what, EventStream s, String id, String marker) throws InterruptedException {
    EventStream.Reading r = s.until(marker, Checks.MARKER_WAIT);
    j.that(what, r.reached() && !r.shows(id), r.how() + ", " + r.events().size() + " event(s)"
        + (r.shows(id) ? ", " + id + " among them" : ""));
  }

  private static CheckResult privateMessages(Target t, Wire wire) throws Exception {
    if (!t.hasAdmin()) {
      return CheckResult.skip(15, T15, NEEDS_ADMIN);
    }
    Judge j = new Judge();
    String type = type("conf-private");
    String alice = "conf-alice-" + UUID.randomUUID();
    String bob = "conf-bob-" + UUID.randomUUID();
    String before = wire.broadcast("{\"event\":\"" + type + "-before\",\"data\":\"before\"}");
    String secret;
    String marker;
    try (EventStream a = wire.connect(alice, Map.of(), WAIT);
        EventStream b = wire.connect(bob, Map.of(), WAIT)) {
      Wire.Reply sent = wire.sendPrivate(alice, "{\"event\":\"" + type + "\",\"data\":\"for alice\"}");
      j.eq("private send to a connected client", 200, sent.status());
      secret = sent.json() == null ? "none" : sent.json().path("id").asText();
      marker = wire.broadcast("{\"event\":\"" + type + "-marker\",\"data\":\"all\"}");
      EventStream.Event toAlice = a.next(type, WAIT);
      j.eq("alice receives it live", secret, toAlice == null ? null : toAlice.id());
      notShownBefore(j, "bob's live stream does not show it, up to the next broadcast", b, secret, marker);
    }
    List<String> bobMissed = Wire.ids(wire.missed(bob, before, wire.auth()));
    j.that("bob's /missed after an earlier id does not list it", !bobMissed.contains(secret) && bobMissed.contains(marker),
        bobMissed.size() + " listed, the broadcast after it among them: " + bobMissed.contains(marker));
    j.that("bob's /missed without an id does not list it", !Wire.ids(wire.missed(bob, null, wire.auth())).contains(secret),
        "checked");
    j.that("alice's /missed lists it", Wire.ids(wire.missed(alice, before, wire.auth())).contains(secret), "checked");
    try (EventStream b = wire.open("/v1/sse", Map.of("X-Client-ID", bob, "Last-Event-ID", before), false)) {
      notShownBefore(j, "bob's replay from an earlier id does not show it, up to the broadcast after it", b, secret,
          marker);
    }
    String carol = "conf-carol-" + UUID.randomUUID();
    try (EventStream c = wire.open("/v1/sse", Map.of("X-Client-ID", carol, "Last-Event-ID", before), false)) {
      notShownBefore(j, "a new client's replay does not show it, up to the broadcast after it", c, secret, marker);
    }
    Wire.Reply offline = wire.sendPrivate(alice, "{\"event\":\"" + type + "\",\"data\":\"while away\"}");
    j.eq("private send to alice while she is away", 200, offline.status());
    String away = offline.json() == null ? "none" : offline.json().path("id").asText();
    try (EventStream a = wire.open("/v1/sse", Map.of("X-Client-ID", alice, "Last-Event-ID", marker), false)) {
      EventStream.Event e = a.next(type, WAIT);
      j.eq("alice gets it when she reconnects with her Last-Event-ID", away, e == null ? null : e.id());
    }
    Wire.Reply unknown = wire.sendPrivate("conf-nobody-" + UUID.randomUUID(), "{\"data\":\"x\"}");
    j.that("a private send to a client id the hub never saw is 404 UNKNOWN_CLIENT", unknown.status() == 404
        && isJsonError(unknown, "UNKNOWN_CLIENT"), code(unknown));
    return j.result(15, T15);
  }

  private static CheckResult missed(Target t, Wire wire) throws Exception {
    if (!t.hasAdmin()) {
      return CheckResult.skip(16, T16, NEEDS_ADMIN);
    }
    Judge j = new Judge();
    String type = type("conf-missed");
    String client = "conf-missed-" + UUID.randomUUID();
    String before = wire.broadcast("{\"event\":\"" + type + "\",\"data\":\"before\"}");
    String a = wire.broadcast("{\"event\":\"" + type + "\",\"data\":\"plain \\\"text\\\"\"}");
    String b = wire.broadcast("{\"event\":\"" + type + "\",\"data\":{\"n\":1}}");
    Wire.Reply r = wire.missed(client, before, wire.auth());
    JsonNode list = r.json();
    j.eq("status", 200, r.status());
    j.that("a JSON array listing the two in order", list != null && list.isArray()
        && Wire.ids(r).subList(0, Math.min(2, Wire.ids(r).size())).equals(List.of(a, b)), Wire.ids(r));
    if (list != null && list.isArray() && list.size() >= 2) {
      JsonNode first = list.get(0);
      j.eq("a string's data as sent, not re-quoted", "plain \"text\"", first.path("data").asText(null));
      j.eq("an object's data as its JSON text", "{\"n\":1}", list.get(1).path("data").asText(null));
      j.eq("event", type, first.path("event").asText(null));
      boolean rfc3339;
      try {
        OffsetDateTime.parse(first.path("timestamp").asText(""));
        rfc3339 = true;
      } catch (RuntimeException e) {
        rfc3339 = false;
      }
      j.that("timestamp is RFC 3339", rfc3339, first.path("timestamp"));
    }
    Wire.Reply unknown = wire.missed(client, "conformance-unknown-" + UUID.randomUUID(), wire.auth());
    j.eq("unknown last_received_id: X-Ssekit-Gap", "true", unknown.header("X-Ssekit-Gap"));
    j.that("unknown last_received_id: lists everything held", Wire.ids(unknown).containsAll(List.of(before, a, b)),
        Wire.ids(unknown).size() + " listed");
    j.that("no last_received_id and never acked: lists everything held",
        Wire.ids(wire.missed(client, null, wire.auth())).containsAll(List.of(before, a, b)), "checked");
    Wire.Reply one = wire.missedPage(client, before, "1", wire.auth());
    j.that("limit=1: one message, the next, and X-Ssekit-More: true",
        Wire.ids(one).equals(List.of(a)) && "true".equalsIgnoreCase(one.header("X-Ssekit-More")),
        Wire.ids(one) + " more=" + one.header("X-Ssekit-More"));
    Wire.Reply next = wire.missedPage(client, a, "1", wire.auth());
    j.that("limit=1 from the last id listed: the one after it", Wire.ids(next).equals(List.of(b)), Wire.ids(next));
    for (String bad : new String[] {"0", "1001", "-1", "ten"}) {
      j.eq("limit=" + bad, 400, wire.missedPage(client, before, bad, wire.auth()).status());
    }
    j.eq("limit=1000", 200, wire.missedPage(client, before, "1000", wire.auth()).status());
    Wire.Reply noClient = wire.send("GET", t.base().resolve("/v1/sse/missed"), null, wire.auth());
    j.eq("without client_id", 400, noClient.status());
    HiddenPaging.check(wire, type, j);
    return j.result(16, T16);
  }

  /** The admin API's record of a client, or null. */
  static JsonNode clientRecord(Wire wire, String client) throws Exception {
    JsonNode clients = wire.admin("GET", "/v1/admin/clients", null).json();
    if (clients != null && clients.isArray()) {
      for (JsonNode c : clients) {
        if (client.equals(c.path("client_id").asText())) {
          return c;
        }
      }
    }
    return null;
  }

  private static String acked(Wire wire, String client, JsonNode fallback) throws Exception {
    JsonNode c = clientRecord(wire, client);
    return c == null ? (fallback == null ? null : fallback.asText()) : c.path("last_acked_id").asText(null);
  }

  private static CheckResult acks(Target t, Wire wire) throws Exception {
    if (!t.hasAdmin()) {
      return CheckResult.skip(17, T17, NEEDS_ADMIN);
    }
    Judge j = new Judge();
    String type = type("conf-ack");
    String client = "conf-ack-" + UUID.randomUUID();
    String m1;
    String m2;
    String m3;
    try (EventStream s = wire.connect(client, Map.of(), WAIT)) {
      m1 = wire.broadcast("{\"event\":\"" + type + "\",\"data\":\"1\"}");
      m2 = wire.broadcast("{\"event\":\"" + type + "\",\"data\":\"2\"}");
      m3 = wire.broadcast("{\"event\":\"" + type + "\",\"data\":\"3\"}");
      s.take(type, 3, WAIT);
      j.eq("ack of m2", 204, wire.ack(client, m2, wire.auth()).status());
      j.eq("last_acked_id read back from /v1/admin/clients", m2, acked(wire, client, null));
      List<String> after = Wire.ids(wire.missed(client, null, wire.auth()));
      j.that("/missed without an id lists what follows the ack", after.contains(m3) && !after.contains(m2)
          && !after.contains(m1), after);
      j.eq("ack of the older m1", 204, wire.ack(client, m1, wire.auth()).status());
      j.eq("last_acked_id after the older ack", m2, acked(wire, client, null));
      Wire.Reply unknown = wire.ack(client, "never-issued-" + UUID.randomUUID(), wire.auth());
      j.that("ack of an id never issued is 400 UNKNOWN_EVENT_ID", unknown.status() == 400
          && isJsonError(unknown, "UNKNOWN_EVENT_ID"), code(unknown));
      String stranger = "conf-never-opened-" + UUID.randomUUID();
      Wire.Reply noTracker = wire.ack(stranger, m1, wire.auth());
      j.that("an ack for a client id that never opened a stream is 404 UNKNOWN_CLIENT", noTracker.status() == 404
          && isJsonError(noTracker, "UNKNOWN_CLIENT"), code(noTracker));
      Wire.Reply stillNone = wire.sendPrivate(stranger, "{\"event\":\"" + type + "\",\"data\":\"x\"}");
      j.eq("and made no tracker for it: a private send to it is still 404", 404, stillNone.status());
    }
    awaitGone(wire, client, j);
    Wire.Reply away = wire.sendPrivate(client, "{\"event\":\"" + type + "\",\"data\":\"while away\"}");
    j.eq("private send after the client disconnected (its tracker is kept)", 200, away.status());
    String awayId = away.json() == null ? "none" : away.json().path("id").asText();
    List<String> missed = Wire.ids(wire.missed(client, null, wire.auth()));
    j.that("/missed without an id, after the disconnect, still starts after the ack", missed.contains(m3)
        && missed.contains(awayId) && !missed.contains(m2), missed);
    try (EventStream s = wire.open("/v1/sse", Map.of("X-Client-ID", client, "Last-Event-ID", m3), false)) {
      EventStream.Event e = s.next(type, WAIT);
      j.eq("the reconnected client receives what was sent while away", awayId, e == null ? null : e.id());
      j.eq("last_acked_id after the reconnect", m2, acked(wire, client, null));
      List<String> again = Wire.ids(wire.missed(client, null, wire.auth()));
      j.that("/missed without an id after the reconnect still starts after the ack", !again.contains(m2)
          && again.contains(m3), again);
    }
    PrivateAck.check(wire, j, client, type);
    return j.result(17, T17);
  }

  /**
   * Waits until the hub no longer lists the client as connected, nudging it with broadcasts (a hub finds a
   * closed stream when a write fails; clause 9). Bounded: 5 s, after which it is a FAIL that names the client.
   */
  static void awaitGone(Wire wire, String client, Judge j) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (clientRecord(wire, client) != null) {
      if (System.nanoTime() > deadline) {
        j.that("the hub lets go of a stream its client closed (" + client + ", nudged by broadcasts)", false,
            "still listed in /v1/admin/clients after " + WAIT.toSeconds() + " s");
        return;
      }
      wire.broadcast("{\"event\":\"conf-nudge\",\"data\":\"nudge\"}");
      Thread.sleep(QUIET.toMillis() / 4);
    }
  }
}
