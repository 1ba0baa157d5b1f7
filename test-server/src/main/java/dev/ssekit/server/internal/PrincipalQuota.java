package dev.ssekit.server.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts things (streams, client ids) per principal and in total, and refuses one more past either bound.
 * The one principal of an open hub ({@link Principals#ANONYMOUS}: everyone) has only the total. Thread-safe;
 * a principal's counter exists only while it holds something, so idle principals cost nothing.
 */
final class PrincipalQuota {

  private final String what;
  private final String perPrincipalCode;
  private final int perPrincipal;
  private final int total;
  private final AtomicInteger held = new AtomicInteger();
  private final ConcurrentHashMap<String, AtomicInteger> byPrincipal = new ConcurrentHashMap<>();

  /**
   * @param what the things counted, for refusal messages ("streams")
   * @param perPrincipalCode the error code when a principal is at its bound
   */
  PrincipalQuota(String what, String perPrincipalCode, int perPrincipal, int total) {
    this.what = what;
    this.perPrincipalCode = perPrincipalCode;
    this.perPrincipal = perPrincipal;
    this.total = total;
  }

  /**
   * Takes one for this principal (null: counted in the total only).
   *
   * @throws HubLimitException if the principal or the hub is at its bound; nothing is taken then
   */
  void acquire(String principal) {
    acquire(principal, false);
  }

  /**
   * Takes one; with {@code beyondBound} the principal's bound is not checked (a stream replacing its own
   * predecessor, which is about to give its place back).
   */
  void acquire(String principal, boolean beyondBound) {
    if (held.incrementAndGet() > total && !beyondBound) {
      held.decrementAndGet();
      throw HubLimitException.hubFull("the hub holds as many " + what + " as it may (" + total + ")");
    }
    if (principal == null || principal.equals(Principals.ANONYMOUS)) {
      return;
    }
    boolean[] refused = new boolean[1];
    byPrincipal.compute(principal, (p, count) -> {
      AtomicInteger c = count != null ? count : new AtomicInteger();
      if (c.get() >= perPrincipal && !beyondBound) {
        refused[0] = true;
      } else {
        c.incrementAndGet();
      }
      return c.get() == 0 ? null : c;
    });
    if (refused[0]) {
      held.decrementAndGet();
      throw HubLimitException.perPrincipal(perPrincipalCode,
          "this principal holds as many " + what + " as it may (" + perPrincipal + ")");
    }
  }

  /** Gives one back (the principal as given to {@link #acquire}). */
  void release(String principal) {
    held.decrementAndGet();
    if (principal == null || principal.equals(Principals.ANONYMOUS)) {
      return;
    }
    byPrincipal.computeIfPresent(principal, (p, c) -> c.decrementAndGet() <= 0 ? null : c);
  }

  int held() {
    return held.get();
  }
}
