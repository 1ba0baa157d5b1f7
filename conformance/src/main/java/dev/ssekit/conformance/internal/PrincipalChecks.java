package dev.ssekit.conformance.internal;

import static dev.ssekit.conformance.internal.Checks.WAIT;
import static dev.ssekit.conformance.internal.Checks.check;
import static dev.ssekit.conformance.internal.Checks.code;

import dev.ssekit.conformance.CheckResult;
import dev.ssekit.conformance.Target;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Clause 23 (issue 11, item 1): a client id belongs to the principal that first opened it; another principal
 * gets 403 on its stream, {@code /missed} and ack, and 409 when it tries to take over its open stream, which
 * keeps running; one token is one principal however it is sent; and an id whose tracker expired is claimed
 * with none of the private messages sent to it before.
 */
public final class PrincipalChecks {

  private static final String T23 = "A client id belongs to its principal: 403 for another, 409 on takeover";

  private PrincipalChecks() {}

  public static List<Check> all(Target t) {
    return List.of(check(23, T23, wire -> principals(t, wire)));
  }

  private static CheckResult principals(Target t, Wire wire) throws Exception {
    if (t.token() == null || t.otherToken() == null || !t.hasAdmin()) {
      return CheckResult.skip(23, T23, "run with --other-token (a valid token of another principal), --token and "
          + "--admin-url/--admin-token");
    }
    Judge j = new Judge();
    String type = "conf-owner-" + UUID.randomUUID().toString().substring(0, 8);
    String owned = "conf-owned-" + UUID.randomUUID();
    Map<String, String> other = wire.authFor(t.otherToken());
    try (EventStream mine = wire.connect(owned, Map.of(), WAIT)) {
      String id = wire.broadcast("{\"event\":\"" + type + "\",\"data\":\"one\"}");
      mine.next(type, WAIT);
      long failuresBefore = AdminChecks.authFailures(wire);
      try (EventStream takeover = wire.open("/v1/sse", Map.of("X-Client-ID", owned), other)) {
        j.eq("another principal opening the owned, connected client id", 409, takeover.status);
      }
      long failuresAfter = AdminChecks.authFailures(wire);
      j.that("stats auth_failures grows with the 409 CLIENT_ID_IN_USE (clause 19)",
          failuresBefore >= 0 && failuresAfter > failuresBefore, failuresBefore + " -> " + failuresAfter);
      Wire.Reply missed = wire.missed(owned, null, other);
      j.that("another principal's /missed for it is 403", missed.status() == 403, code(missed));
      Wire.Reply ack = wire.ack(owned, id, other);
      j.that("another principal's ack for it is 403", ack.status() == 403, code(ack));
      String later = wire.broadcast("{\"event\":\"" + type + "\",\"data\":\"two\"}");
      EventStream.Event e = mine.next(type, WAIT);
      j.eq("the owner's stream keeps receiving", later, e == null ? null : e.id());
      j.eq("the owner's own /missed", 200, wire.missed(owned, null, wire.auth()).status());
    }
    DeliveryChecks.awaitGone(wire, owned, j);
    try (EventStream offline = wire.open("/v1/sse", Map.of("X-Client-ID", owned), other)) {
      j.eq("another principal opening the owned client id while it is offline", 403, offline.status);
    }
    try (EventStream back = wire.open("/v1/sse", Map.of("X-Client-ID", owned), false)) {
      j.eq("the owner reconnecting", 200, back.status);
    }
    oneTokenTwoWays(t, wire, j);
    ExpiredClaim.check(t, wire, j);
    return j.result(23, T23);
  }

  /**
   * A principal is the token, however it is sent: a stream opened with the token in the query, then with it in
   * the header, is the same principal replacing its own stream (clause 7), not another taking over (409).
   */
  private static void oneTokenTwoWays(Target t, Wire wire, Judge j) throws Exception {
    String id = "conf-two-ways-" + UUID.randomUUID();
    try (EventStream byQuery = wire.open("/v1/sse?client_id=" + Wire.enc(id) + "&" + wire.queryAuth(t.token()),
        Map.of(), Map.of())) {
      j.that("a stream opened with the token in the query", byQuery.status == 200
          && byQuery.next("connected", WAIT) != null, byQuery.status);
      try (EventStream byHeader = wire.open("/v1/sse", Map.of("X-Client-ID", id), false)) {
        j.that("the same client id and token, now in the header: the same principal replaces its stream (200)",
            byHeader.status == 200 && byHeader.next("connected", WAIT) != null, byHeader.status);
        j.that("the stream opened with the query token ends, replaced", byQuery.endsWithin(WAIT), "ended");
      }
    }
  }
}
