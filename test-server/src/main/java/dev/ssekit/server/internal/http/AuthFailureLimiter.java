package dev.ssekit.server.internal.http;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed auth attempts per remote address (clause 4), admin requests included. Failures fill a bucket
 * that leaks at {@code limit} per {@code window}; a success leaves it as it is, so guesses between good
 * requests still add up. When the bucket holds {@code limit} failures the address is locked out; each further
 * lockout doubles (1 s, 2 s, 4 s … up to 15 min). At most {@link #MAX_ADDRESSES} addresses are tracked: past
 * that, new failing addresses share one record and are locked out together. {@link #sweep} (run off the
 * request path) forgets addresses with nothing left to remember.
 */
final class AuthFailureLimiter {

  static final int MAX_ADDRESSES = 10_000;
  static final String OVERFLOW = "(overflow)";
  private static final long FIRST_LOCKOUT_MILLIS = 1_000;
  private static final long MAX_LOCKOUT_MILLIS = 15 * 60_000;

  private static final class Record {
    /** Failures in the bucket as of {@link #at}. */
    double level;
    long at;
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
      r = records.get(OVERFLOW);
      if (r == null || records.size() < MAX_ADDRESSES) {
        return 0;
      }
    }
    synchronized (r) {
      long wait = r.lockedUntil - clock.millis();
      return wait > 0 ? (wait + 999) / 1000 : 0;
    }
  }

  void failure(String address) {
    long now = clock.millis();
    Record r = records.get(address);
    if (r == null) {
      String key = records.size() < MAX_ADDRESSES ? address : OVERFLOW;
      r = records.computeIfAbsent(key, a -> new Record());
    }
    synchronized (r) {
      r.level = leak(r, now) + 1;
      r.at = now;
      if (r.level >= limit) {
        long lockout = Math.min(MAX_LOCKOUT_MILLIS, FIRST_LOCKOUT_MILLIS << Math.min(20, r.lockouts));
        r.lockouts++;
        r.lockedUntil = now + lockout;
        r.level = 0;
      }
    }
  }

  /** A success changes nothing: only time empties the bucket. */
  void success(String address) {}

  private double leak(Record r, long now) {
    double leaked = (double) (now - r.at) * limit / windowMillis;
    return Math.max(0, r.level - leaked);
  }

  /** Forgets addresses whose bucket is empty and whose last lockout ended long enough ago. */
  void sweep() {
    long now = clock.millis();
    records.values().removeIf(r -> {
      synchronized (r) {
        return leak(r, now) == 0 && now - r.lockedUntil > MAX_LOCKOUT_MILLIS;
      }
    });
  }

  int trackedAddresses() {
    return records.size();
  }
}
