package dev.ssekit.conformance.internal;

import static dev.ssekit.conformance.internal.Checks.WAIT;
import static dev.ssekit.conformance.internal.Checks.check;
import static dev.ssekit.conformance.internal.Checks.code;

import dev.ssekit.conformance.CheckResult;
import dev.ssekit.conformance.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Clause 24: a principal of its own (the bounds token) fills its bound of open streams, then its bound of client
 * ids. The stream past the first is 429 {@code TOO_MANY_STREAMS} while another principal is served, a stream
 * replacing its own open stream is not refused, the stream with a new client id past the second is 429
 * {@code TOO_MANY_CLIENT_IDS} while a client id with a tracker is accepted, the refusals leave
 * {@code auth_failures} as it was, and streams that ended free their places.
 */
public final class BoundsChecks {

  private static final String T24 = "Bounds per principal: 429 past them, never for a replacing stream or a "
      + "tracked client id, and not auth failures";
  /** The largest bounds the check fills: it holds the bound of streams open at once, and owns the bound of ids. */
  static final int MOST_STREAMS = 200;
  static final int MOST_IDS = 2000;

  private BoundsChecks() {}

  public static List<Check> all(Target t) {
    return List.of(check(24, T24, wire -> bounds(t, wire)));
  }

  private static String missing(Target t) {
    if (t.boundsToken() == null || t.streamsPerPrincipal() == null || t.clientIdsPerPrincipal() == null) {
      return "run with --bounds-token (a valid token of a principal no other check uses), --streams-per-principal N "
          + "and --client-ids-per-principal M (the hub's bounds)";
    }
    if (t.otherToken() == null || !t.hasAdmin()) {
      return "run with --other-token and --admin-url/--admin-token";
    }
    if (t.clientIdsPerPrincipal() <= t.streamsPerPrincipal()) {
      return "needs --client-ids-per-principal greater than --streams-per-principal: a stream past the bound of "
          + "streams has a new client id, so it would be past both bounds";
    }
    return t.streamsPerPrincipal() > MOST_STREAMS || t.clientIdsPerPrincipal() > MOST_IDS ? "run against a hub "
        + "with at most " + MOST_STREAMS + " streams and " + MOST_IDS + " client ids per principal" : null;
  }

  private static CheckResult bounds(Target t, Wire wire) throws Exception {
    String why = missing(t);
    if (why != null) {
      return CheckResult.skip(24, T24, why);
    }
    int streams = t.streamsPerPrincipal();
    int ids = t.clientIdsPerPrincipal();
    Duration trackerTtl = t.trackerTtl() == null ? Duration.ofMinutes(10) : t.trackerTtl();
    Map<String, String> auth = wire.authFor(t.boundsToken());
    String run = "conf-bound-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    Judge j = new Judge();
    long failures = AdminChecks.authFailures(wire);
    Map<String, EventStream> open = new LinkedHashMap<>();
    try {
      if (!openAll(wire, auth, run, 0, streams, open, j)) {
        return j.result(24, T24);
      }
      j.note(streams + " streams of one principal opened");
      Wire.Reply past = refused(wire, run + "past-streams", auth);
      j.that("the stream past the principal's " + streams + " open streams is 429 TOO_MANY_STREAMS, a JSON error",
          past != null && past.status() == 429 && Checks.isJsonError(past, "TOO_MANY_STREAMS"), brief(past));
      try (EventStream other = wire.open("/v1/sse", Map.of("X-Client-ID", run + "other"), wire.authFor(t.otherToken()))) {
        j.that("another principal's stream meanwhile is served", other.status == 200
            && other.next("connected", WAIT) != null, other.status);
      }
      String first = run + 0;
      EventStream replacing = wire.open("/v1/sse", Map.of("X-Client-ID", first), auth);
      j.that("a stream replacing the principal's own open stream (same client id) at the bound is served",
          replacing.status == 200 && replacing.next("connected", WAIT) != null, replacing.status);
      j.that("the replaced stream ends", open.get(first).endsWithin(WAIT), "ended");
      open.put(first, replacing).close();
      clientIds(t, wire, auth, run, open, j, trackerTtl);
      freed(wire, auth, run, streams, ids, open, j, trackerTtl);
      j.eq("auth_failures across the refused streams (they are not auth failures, clause 4)", failures,
          AdminChecks.authFailures(wire));
    } finally {
      open.values().forEach(EventStream::close);
    }
    return j.result(24, T24);
  }

  /**
   * With the bound of streams reached, closes them all (their trackers live on), opens and closes new client ids
   * in batches below the bound of streams until the principal owns its bound of client ids, and expects a further
   * new id refused and a closed one accepted.
   */
  private static void clientIds(Target t, Wire wire, Map<String, String> auth, String run,
      Map<String, EventStream> open, Judge j, Duration trackerTtl) throws Exception {
    int streams = t.streamsPerPrincipal();
    int ids = t.clientIdsPerPrincipal();
    String tracked = open.keySet().iterator().next();
    long closedAt = System.nanoTime();
    if (!close(wire, new ArrayList<>(open.keySet()), open, j)) {
      return;
    }
    for (int from = streams; from < ids; from += streams - 1) {
      int to = Math.min(ids, from + streams - 1);
      if (!openAll(wire, auth, run, from, to, open, j)) {
        return;
      }
      if (to < ids && !close(wire, new ArrayList<>(open.keySet()), open, j)) {
        return;
      }
    }
    j.note(ids + " client ids owned, " + open.size() + " streams open");
    Wire.Reply past = refused(wire, run + "past-ids", auth);
    EventStream back = wire.open("/v1/sse", Map.of("X-Client-ID", tracked), auth);
    boolean served = back.status == 200 && back.next("connected", WAIT) != null;
    open.put(tracked, back);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - closedAt);
    if (elapsed.compareTo(trackerTtl) >= 0) {
      // an expired tracker frees its client id: the bound would not be full, and the tracked id would be new
      j.inconclusive("the first closed client id's tracker may have expired before the bound of client ids was "
          + "judged: " + elapsed.toMillis() + " ms since it left, tracker TTL " + trackerTtl.toMillis() + " ms");
      return;
    }
    j.that("a stream with a new client id past the principal's " + ids + " client ids is 429 TOO_MANY_CLIENT_IDS, "
        + "a JSON error", past != null && past.status() == 429 && Checks.isJsonError(past, "TOO_MANY_CLIENT_IDS"),
        brief(past));
    j.that("a client id that has a tracker (its stream ended) is accepted at the bound of client ids", served,
        back.status == 200 ? "200" : brief(back.refusal(WAIT)));
  }

  /**
   * Closes every stream, then opens the bound of streams again on client ids that have trackers (the newest run
   * ids, whose streams ended last).
   */
  private static void freed(Wire wire, Map<String, String> auth, String run, int streams, int ids,
      Map<String, EventStream> open, Judge j, Duration trackerTtl) throws Exception {
    List<String> again = new ArrayList<>();
    for (int i = ids - streams; i < ids; i++) {
      again.add(run + i);
    }
    long closedAt = System.nanoTime();
    if (!close(wire, new ArrayList<>(open.keySet()), open, j)) {
      return;
    }
    int served = 0;
    String refusedBy = null;
    for (String id : again) {
      EventStream s = wire.open("/v1/sse", Map.of("X-Client-ID", id), auth);
      open.put(id, s);
      if (s.status == 200 && s.next("connected", WAIT) != null) {
        served++;
      } else if (refusedBy == null) {
        refusedBy = brief(s.refusal(WAIT));
      }
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - closedAt);
    if (served < again.size() && elapsed.compareTo(trackerTtl) >= 0) {
      j.inconclusive("the trackers may have expired while reopening: " + elapsed.toMillis() + " ms");
      return;
    }
    j.that("once the principal's " + again.size() + " streams ended, as many open again", served == again.size(),
        served + " served" + (refusedBy == null ? "" : ", first refusal " + refusedBy));
  }

  /** Opens streams {@code from} to {@code to - 1} of this run; false (and a FAIL noted) when one is not served. */
  private static boolean openAll(Wire wire, Map<String, String> auth, String run, int from, int to,
      Map<String, EventStream> open, Judge j) throws Exception {
    for (int i = from; i < to; i++) {
      EventStream s = wire.open("/v1/sse", Map.of("X-Client-ID", run + i), auth);
      open.put(run + i, s);
      if (s.status != 200 || s.next("connected", WAIT) == null) {
        j.that("client id " + (i + 1) + " of the principal is served within its bounds", false,
            s.status == 200 ? "no connected event within " + WAIT.toSeconds() + " s" : brief(s.refusal(WAIT)));
        return false;
      }
    }
    return true;
  }

  /** Closes these streams and waits (bounded) until the hub no longer lists them; false and a FAIL if it does. */
  private static boolean close(Wire wire, List<String> ids, Map<String, EventStream> open, Judge j) throws Exception {
    for (String id : ids) {
      open.remove(id).close();
    }
    java.util.Set<String> left = new java.util.HashSet<>(ids);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      com.fasterxml.jackson.databind.JsonNode clients = wire.admin("GET", "/v1/admin/clients", null).json();
      java.util.Set<String> listed = new java.util.HashSet<>();
      if (clients != null) {
        clients.forEach(c -> listed.add(c.path("client_id").asText()));
      }
      left.retainAll(listed);
      if (left.isEmpty()) {
        return true;
      }
      if (System.nanoTime() > deadline) {
        j.that("the hub let go of the streams the client closed", false, left.size() + " still listed after "
            + WAIT.toSeconds() + " s, e.g. " + left.iterator().next());
        return false;
      }
      wire.broadcast("{\"event\":\"conf-nudge\",\"data\":\"nudge\"}"); // a write finds a closed stream
      Thread.sleep(25);
    }
  }

  /** Opens a stream that should be refused and returns its answer (null when the body did not end in time). */
  private static Wire.Reply refused(Wire wire, String id, Map<String, String> auth) throws Exception {
    try (EventStream s = wire.open("/v1/sse", Map.of("X-Client-ID", id), auth)) {
      return s.status == 200 ? new Wire.Reply(200, s.headers, "(a stream)") : s.refusal(WAIT);
    }
  }

  private static String brief(Wire.Reply r) {
    return r == null ? "no complete answer within " + WAIT.toSeconds() + " s" : code(r);
  }
}
