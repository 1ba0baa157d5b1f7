package dev.ssekit.server.internal.http;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed auth attempts per remote address (clause 4). After {@code limit} failures within
 * {@code window}, the address is locked out; each further lockout doubles (1 s, 2 s, 4 s … up to 15 min).
 * A success clears the address.
 */
final class AuthFailureLimiter {

  private static final long FIRST_LOCKOUT_MILLIS = 1_000;
  private static final long MAX_LOCKOUT_MILLIS = 15 * 60_000;

  private static final class Record {
    long windowStart;
    int failures;
    int lockouts;
    long lockedUntil;
  }

  private final int limit;
  private final long windowMillis;
  private final Clock clock;
  private final ConcurrentHashMap<String, Record> records = new ConcurrentHashMap<>();

  AuthFailureLimiter(int limit, long windowMillis, Clock clock) {
    this.limit = limit;
    this.windowMillis = windowMillis;
    this.clock = clock;
  }

  /** Seconds the address must wait, or 0 if it may try now. */
  long retryAfterSeconds(String address) {
    Record r = records.get(address);
    if (r == null) {
      return 0;
    }
    synchronized (r) {
      long wait = r.lockedUntil - clock.millis();
      return wait > 0 ? (wait + 999) / 1000 : 0;
    }
  }

  void failure(String address) {
    long now = clock.millis();
    if (records.size() > 10_000) {
      sweep();
    }
    Record r = records.computeIfAbsent(address, a -> new Record());
    synchronized (r) {
      if (now - r.windowStart >= windowMillis) {
        r.windowStart = now;
        r.failures = 0;
      }
      r.failures++;
      if (r.failures >= limit) {
        long lockout = Math.min(MAX_LOCKOUT_MILLIS, FIRST_LOCKOUT_MILLIS << Math.min(20, r.lockouts));
        r.lockouts++;
        r.lockedUntil = now + lockout;
        r.failures = 0;
        r.windowStart = now;
      }
    }
  }

  void success(String address) {
    records.remove(address);
  }

  /** Forgets addresses with nothing left to remember. */
  void sweep() {
    long now = clock.millis();
    records.values().removeIf(r -> {
      synchronized (r) {
        return r.lockedUntil <= now && now - r.windowStart >= windowMillis && now - r.lockedUntil > MAX_LOCKOUT_MILLIS;
      }
    });
  }
}
