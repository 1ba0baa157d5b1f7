package dev.ssekit.conformance.internal;

import static dev.ssekit.conformance.internal.Checks.WAIT;
import static dev.ssekit.conformance.internal.Checks.check;
import static dev.ssekit.conformance.internal.Checks.code;
import static dev.ssekit.conformance.internal.Checks.isJsonError;

import dev.ssekit.conformance.CheckResult;
import dev.ssekit.conformance.Target;
import java.time.Duration;
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

  private DisruptiveChecks() {}

  public static List<Check> all(Target t, Wire wire) {
    return List.of(check(4, T4, () -> rateLimit(t, wire)), check(21, T21, () -> stop(t, wire)));
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
    String bad = t.invalidToken() != null ? t.invalidToken() : "conf-wrong-" + UUID.randomUUID();
    String path = "/v1/sse/missed?client_id=conf-limit";
    Wire.Reply locked = null;
    int attempts = 0;
    while (attempts <= t.authFailureLimit() && locked == null) {
      attempts++;
      Wire.Reply r = wire.send("GET", t.base().resolve(path), null, wire.authFor(bad));
      if (r.status() == 429) {
        locked = r;
      }
    }
    j.that("429 within " + (t.authFailureLimit() + 1) + " failed attempts (limit " + t.authFailureLimit() + ")",
        locked != null, locked == null ? "none after " + attempts : "at attempt " + attempts);
    if (locked == null) {
      return j.result(4, T4);
    }
    j.that("429 is JSON TOO_MANY_REQUESTS", isJsonError(locked, "TOO_MANY_REQUESTS"), code(locked));
    String retryAfter = locked.header("Retry-After");
    j.that("Retry-After is whole seconds", retryAfter != null && retryAfter.matches("\\d+"), retryAfter);
    Wire.Reply valid = wire.send("GET", t.base().resolve(path), null, wire.auth());
    j.eq("a valid token from the locked-out address", 429, valid.status());
    if (t.hasAdmin()) {
      j.eq("the admin token from the locked-out address", 429,
          wire.admin("GET", "/v1/admin/stats", null).status());
    }
    if (retryAfter != null && retryAfter.matches("\\d+")) {
      long seconds = Long.parseLong(retryAfter);
      if (seconds * 1000 > MAX_LOCKOUT_WAIT.toMillis()) {
        j.that("Retry-After of the first lockout is short enough to wait out", false, seconds + " s");
      } else {
        Thread.sleep(seconds * 1000 + 300); // waits out the lockout the hub announced
        j.eq("a valid token once Retry-After has passed", 200,
            wire.send("GET", t.base().resolve(path), null, wire.auth()).status());
      }
    }
    return j.result(4, T4);
  }

  private static CheckResult stop(Target t, Wire wire) throws Exception {
    if (!t.disruptive() || t.stopper() == null) {
      return CheckResult.skip(21, T21, "run with --disruptive and --stop-command CMD (or --stop-path PATH, an admin "
          + "endpoint that stops the hub): the suite stops the hub as its last check");
    }
    Judge j = new Judge();
    try (Wire.Stream s = wire.connect("conf-stop-" + UUID.randomUUID(), Map.of(), WAIT)) {
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
