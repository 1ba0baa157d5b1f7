package dev.ssekit.conformance.internal;

import static dev.ssekit.conformance.internal.Checks.WAIT;
import static dev.ssekit.conformance.internal.Checks.check;
import static dev.ssekit.conformance.internal.Checks.code;
import static dev.ssekit.conformance.internal.Checks.isJsonError;

import dev.ssekit.conformance.CheckResult;
import dev.ssekit.conformance.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Clauses 4 and 21, run after every other check and in this order: the rate limit (which locks the suite's
 * address out until the announced {@code Retry-After} has passed), then the stop.
 */
public final class DisruptiveChecks {

  private static final String T4 = "Failed attempts are rate limited: 429 with Retry-After for everyone at that address";
  private static final String T21 = "Stop ends every stream within a second; then every endpoint answers 503";
  /** The longest Retry-After the suite waits out before the stop check. */
  static final Duration MAX_LOCKOUT_WAIT = Duration.ofSeconds(60);
  /** How long the first lockout of an address lasts (clause 4). */
  static final Duration FIRST_LOCKOUT = Duration.ofSeconds(1);

  private DisruptiveChecks() {}

  public static List<Check> all(Target t) {
    return List.of(check(4, T4, wire -> rateLimit(t, wire)), check(21, T21, wire -> stop(t, wire)));
  }

  private static CheckResult rateLimit(Target t, Wire wire) throws Exception {
    if (!t.disruptive()) {
      return CheckResult.skip(4, T4, "run with --disruptive (it locks this address out of the hub for a while; "
          + "give --auth-failure-limit if the hub's limit is not 20)");
    }
    if (t.token() == null) {
      return CheckResult.skip(4, T4, "the hub is open: run with --token");
    }
    Judge j = new Judge();
    boolean fresh = wire.hasOwnSource();
    j.note("from " + wire.sourceName() + (fresh ? " (a bucket nothing else has filled)"
        : " (the hub is not on loopback: earlier failures from this address may be in its bucket)"));
    String bad = t.invalidToken() != null ? t.invalidToken() : "conf-wrong-" + UUID.randomUUID();
    String path = "/v1/sse/missed?client_id=conf-limit-" + UUID.randomUUID();
    int limit = t.authFailureLimit();
    long windowMillis = t.authFailureWindow().toMillis();
    Wire.Reply locked = null;
    int attempts = 0;
    int bound = limit + 1;
    long start = System.nanoTime();
    long fillingSent = start;
    long sent = start;
    List<Integer> between = new ArrayList<>();
    long failuresBefore = t.hasAdmin() ? AdminChecks.authFailures(wire) : -1;
    int refused = 0; // answers from this address that clause 19 counts in auth_failures: 401, 403 and 429
    while (attempts < bound && locked == null) {
      attempts++;
      fillingSent = sent;
      sent = System.nanoTime();
      Wire.Reply r = wire.send("GET", t.base().resolve(path), null, wire.authFor(bad));
      refused += counted(r);
      if (r.status() == 429) {
        locked = r;
      } else if (attempts < limit) {
        // a good request between wrong guesses: served (the bucket is not full), and it must not empty the bucket
        Wire.Reply good = wire.send("GET", t.base().resolve(path), null, wire.auth());
        refused += counted(good);
        between.add(good.status());
      }
      // the bucket leaks `limit` per window: what leaked while these attempts ran takes as many more to fill it
      long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
      bound = limit + 1 + (int) Math.ceil((double) elapsedMillis * limit / windowMillis);
    }
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    String leak = bound - limit - 1 + " leaked in " + tookMillis + " ms at " + limit + " per "
        + t.authFailureWindow().toSeconds() + " s";
    j.that("a valid request after each of the first " + (limit - 1) + " failures is served (200)",
        between.stream().allMatch(s -> s == 200), between.stream().filter(s -> s == 200).count() + " of "
            + between.size() + " served" + (between.stream().allMatch(s -> s == 200) ? "" : ": " + between));
    j.that("429 by attempt " + bound + " (limit " + limit + ", plus " + leak + "), the valid requests between "
        + "the failures notwithstanding (a success does not empty the bucket)", locked != null,
        locked == null ? "none after " + attempts : "at attempt " + attempts);
    if (fresh && locked != null) {
      j.that("no 429 before the bucket holds " + limit + " failures", attempts > limit, "first 429 at attempt "
          + attempts);
    }
    if (locked == null) {
      return j.result(4, T4);
    }
    j.that("429 is JSON TOO_MANY_REQUESTS", isJsonError(locked, "TOO_MANY_REQUESTS"), code(locked));
    String retryAfter = locked.header("Retry-After");
    j.that("Retry-After is whole seconds", retryAfter != null && retryAfter.matches("\\d+"), retryAfter);
    // The lockout began once the hub counted the filling failure, no earlier than that request was sent, and
    // the first one lasts 1 s: an answer received within that second was surely given inside the lockout.
    long lockedUntil = fillingSent + FIRST_LOCKOUT.toNanos();
    Wire elsewhere = wire.fresh();
    if (elsewhere.hasOwnSource()) {
      served(j, "a valid token from another address (" + elsewhere.sourceName() + ", no failure on record) during "
          + "the lockout", elsewhere.send("GET", t.base().resolve(path), null, wire.auth()), lockedUntil);
    } else {
      j.note("an address with no failure is never refused: not checked (the hub is not on loopback, so the suite "
          + "has no second address)");
    }
    Wire.Reply valid = wire.send("GET", t.base().resolve(path), null, wire.auth());
    refused += counted(valid);
    insideLockout(j, "a valid token from the locked-out address", valid, lockedUntil);
    if (t.hasAdmin()) {
      Wire.Reply stats = wire.admin("GET", "/v1/admin/stats", null);
      refused += counted(stats);
      insideLockout(j, "the admin token from the locked-out address", stats, lockedUntil);
    }
    if (retryAfter != null && retryAfter.matches("\\d+")) {
      long seconds = Long.parseLong(retryAfter);
      if (seconds * 1000 > MAX_LOCKOUT_WAIT.toMillis()) {
        j.that("Retry-After of the first lockout is short enough to wait out", false, seconds + " s");
      } else {
        Thread.sleep(seconds * 1000 + 300); // waits out the lockout the hub announced
        j.eq("a valid token once Retry-After has passed", 200,
            wire.send("GET", t.base().resolve(path), null, wire.auth()).status());
        if (failuresBefore >= 0) {
          long failuresAfter = AdminChecks.authFailures(wire);
          j.that("stats auth_failures grew by at least the " + refused + " answers 401, 403 or 429 given here "
              + "(clause 19 counts the 429s too)", failuresAfter - failuresBefore >= refused,
              failuresBefore + " -> " + failuresAfter);
        }
        lockoutDoubles(t, wire, j, path, bad, seconds);
      }
    }
    return j.result(4, T4);
  }

  /**
   * Once the first lockout has passed, failures lock the address out again (after at most the limit of them,
   * plus what leaks meanwhile: the bound is twice the limit), and that second lockout is twice as long.
   */
  private static void lockoutDoubles(Target t, Wire wire, Judge j, String path, String bad, long firstSeconds)
      throws Exception {
    Wire.Reply again = null;
    int attempts = 0;
    while (attempts < 2 * t.authFailureLimit() && (again == null || again.status() != 429)) {
      attempts++;
      again = wire.send("GET", t.base().resolve(path), null, wire.authFor(bad));
    }
    String retryAfter = again.header("Retry-After");
    boolean doubled = again.status() == 429 && retryAfter != null && retryAfter.matches("\\d+")
        && Long.parseLong(retryAfter) >= 2 * firstSeconds;
    j.that("the lockout after the first (" + firstSeconds + " s) announces at least twice as long",
        doubled, again.status() + " at attempt " + attempts + ", Retry-After " + retryAfter);
  }

  /** 1 if clause 19 counts this answer in {@code auth_failures} (401, 403, 429), else 0. */
  private static int counted(Wire.Reply r) {
    return r.status() == 401 || r.status() == 403 || r.status() == 429 ? 1 : 0;
  }

  /** A request answered before {@code lockedUntil} must get 429; one answered later cannot be judged. */
  private static void insideLockout(Judge j, String what, Wire.Reply r, long lockedUntil) {
    long late = (System.nanoTime() - lockedUntil) / 1_000_000;
    if (late < 0 || r.status() == 429) {
      j.eq(what, 429, r.status());
    } else {
      j.inconclusive(what + " was answered " + r.status() + " only after the first lockout's second had passed ("
          + late + " ms late)");
    }
  }

  /**
   * Only an address that failed is ever locked out: a request from another is served (200), inside the lockout
   * or after it; a 200 answered only after the lockout's second had passed cannot tell a hub that locks out
   * everyone, so that is inconclusive.
   */
  private static void served(Judge j, String what, Wire.Reply r, long lockedUntil) {
    long late = (System.nanoTime() - lockedUntil) / 1_000_000;
    if (late < 0 || r.status() != 200) {
      j.eq(what, 200, r.status());
    } else {
      j.inconclusive(what + " was answered 200 only after the first lockout's second had passed (" + late
          + " ms late)");
    }
  }

  private static CheckResult stop(Target t, Wire wire) throws Exception {
    if (!t.disruptive() || t.stopper() == null) {
      return CheckResult.skip(21, T21, "run with --disruptive and --stop-command CMD (or --stop-path PATH, an admin "
          + "endpoint that stops the hub): the suite stops the hub as its last check");
    }
    Judge j = new Judge();
    try (EventStream s = wire.connect("conf-stop-" + UUID.randomUUID(), Map.of(), WAIT)) {
      long start = System.nanoTime();
      t.stopper().stop();
      boolean ended = s.endsWithin(Duration.ofSeconds(3));
      long ms = (System.nanoTime() - start) / 1_000_000;
      j.that("the open stream ends within a second of the stop (+1 s for the stop command)", ended && ms <= 2000,
          ended ? ms + " ms" : "still open after 3 s");
    }
    String ack = "{\"client_id\":\"conf-stop\",\"last_event_id\":\"x\"}";
    String[][] endpoints = {{"GET", "/v1/sse", null}, {"GET", "/v1/sse/missed?client_id=conf-stop", null},
        {"POST", "/v1/sse/ack", ack}, {"GET", "/healthz", null}, {"GET", "/", null}};
    for (String[] e : endpoints) {
      Wire.Reply r = wire.send(e[0], t.base().resolve(e[1]), e[2], e[1].equals("/") ? Map.of() : wire.auth());
      j.that(e[0] + " " + e[1] + " after the stop is 503 SERVICE_UNAVAILABLE", r.status() == 503
          && isJsonError(r, "SERVICE_UNAVAILABLE"), code(r));
    }
    if (t.hasAdmin()) {
      for (String[] e : new String[][] {{"GET", "/v1/admin/stats", null}, {"POST", "/v1/admin/broadcast",
          "{\"data\":\"x\"}"}}) {
        Wire.Reply r = wire.admin(e[0], e[1], e[2]);
        j.that(e[0] + " " + e[1] + " after the stop is 503 SERVICE_UNAVAILABLE", r.status() == 503
            && isJsonError(r, "SERVICE_UNAVAILABLE"), code(r));
      }
    }
    return j.result(21, T21);
  }
}
