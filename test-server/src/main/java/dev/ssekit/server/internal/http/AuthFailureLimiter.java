package dev.ssekit.server.internal.http;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts failed auth attempts per remote address (clause 4), admin requests and ownership probes included.
 * Failures fill a bucket that leaks at {@code limit} per {@code window}; a success leaves it as it is, so
 * guesses between good requests still add up. When the bucket holds {@code limit} failures the address is
 * locked out; each further lockout doubles (1 s, 2 s, 4 s … up to 15 min). Only an address that failed is ever
 * refused: one the limiter holds no record of may always try. At most {@code maxAddresses} are remembered; past
 * that the address that failed or was refused least recently is forgotten. {@link #sweep} (run off the request
 * path) forgets addresses with nothing left to remember. Thread-safe through the map's monitor.
 */
final class AuthFailureLimiter {

  static final int MAX_ADDRESSES = 10_000;
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
  /** In access order: the eldest is the address touched least recently. Guarded by itself. */
  private final LinkedHashMap<String, Record> records;

  AuthFailureLimiter(int limit, long windowMillis, Clock clock) {
    this(limit, windowMillis, clock, MAX_ADDRESSES);
  }

  AuthFailureLimiter(int limit, long windowMillis, Clock clock, int maxAddresses) {
    this.limit = limit;
    this.windowMillis = windowMillis;
    this.clock = clock;
    this.records = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Record> eldest) {
        return size() > maxAddresses;
      }
    };
  }

  /** Seconds the address must wait, or 0 if it may try now (always 0 for an address with no record). */
  long retryAfterSeconds(String address) {
    synchronized (records) {
      Record r = records.get(address);
      if (r == null) {
        return 0;
      }
      long wait = r.lockedUntil - clock.millis();
      return wait > 0 ? (wait + 999) / 1000 : 0;
    }
  }

  void failure(String address) {
    long now = clock.millis();
    synchronized (records) {
      Record r = records.computeIfAbsent(address, a -> new Record());
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
    synchronized (records) {
      records.values().removeIf(r -> leak(r, now) == 0 && now - r.lockedUntil > MAX_LOCKOUT_MILLIS);
    }
  }

  int trackedAddresses() {
    synchronized (records) {
      return records.size();
    }
  }
}
