package dev.ssekit.conformance.internal;

import static dev.ssekit.conformance.internal.Checks.WAIT;

import dev.ssekit.conformance.Target;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Clause 23's last promise: once a client id's tracker has expired, whoever claims the id next (here another
 * principal) sees none of the private messages sent to it before, on the stream, in replay or on
 * {@code /missed}. It waits out the tracker TTL the target names ({@code --tracker-ttl}), so it runs only when
 * that is short.
 */
final class ExpiredClaim {

  /** The longest tracker TTL the check waits out. */
  static final Duration MAX_TTL_WAIT = Duration.ofSeconds(30);
  /**
   * After the TTL, the extra waits before each claim: the hub forgets a tracker on its housekeeping thread, at
   * most a few seconds late. A refused claim may count as the id being seen (the owner's tracker refreshed), so
   * each claim comes a whole TTL after the one before.
   */
  private static final Duration[] SWEEP_SLACK = {Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5)};

  private ExpiredClaim() {}

  static void check(Target t, Wire wire, Judge j) throws Exception {
    Duration ttl = t.trackerTtl();
    if (ttl == null || ttl.compareTo(MAX_TTL_WAIT) > 0) {
      j.note("a client id claimed after its tracker expired: not checked (run with --tracker-ttl D, the hub's "
          + "unacked tracker TTL, at most " + MAX_TTL_WAIT.toSeconds() + " s)");
      return;
    }
    String type = "conf-expiring-" + UUID.randomUUID().toString().substring(0, 8);
    String id = "conf-expiring-" + UUID.randomUUID();
    String before = wire.broadcast("{\"event\":\"" + type + "-before\",\"data\":\"before\"}");
    String secret;
    try (EventStream owner = wire.connect(id, Map.of(), WAIT)) {
      Wire.Reply sent = wire.sendPrivate(id, "{\"event\":\"" + type + "\",\"data\":\"for the first owner\"}");
      secret = sent.json() == null ? "none" : sent.json().path("id").asText("none");
      EventStream.Event got = owner.next(type, WAIT);
      j.eq("the first owner receives its private message (and never acks it)", secret, got == null ? null : got.id());
    }
    DeliveryChecks.awaitGone(wire, id, j);
    Map<String, String> other = wire.authFor(t.otherToken());
    int status = -1;
    for (Duration slack : SWEEP_SLACK) {
      Thread.sleep(ttl.plus(slack).toMillis()); // waits out the TTL the hub was configured with
      try (EventStream claim = wire.open("/v1/sse", Map.of("X-Client-ID", id, "Last-Event-ID", before), other)) {
        status = claim.status;
        if (status == 200) {
          String marker = wire.broadcast("{\"event\":\"" + type + "-marker\",\"data\":\"after the claim\"}");
          EventStream.Reading r = claim.until(marker, Checks.MARKER_WAIT);
          j.that("another principal claiming the id after its tracker expired: its replay does not show the "
              + "earlier private message", r.reached() && !r.shows(secret), r.how() + ", " + r.events().size()
              + " event(s)" + (r.shows(secret) ? ", " + secret + " among them" : ""));
          break;
        }
      }
    }
    j.eq("another principal's stream for the id once its tracker expired (" + ttl.toMillis() + " ms after it left)",
        200, status);
    if (status != 200) {
      return;
    }
    List<String> after = Wire.ids(wire.missed(id, before, other));
    List<String> all = Wire.ids(wire.missed(id, null, other));
    j.that("nor does its /missed, after an earlier id or without one", !after.contains(secret) && !all.contains(secret),
        after.size() + " and " + all.size() + " listed");
  }
}
