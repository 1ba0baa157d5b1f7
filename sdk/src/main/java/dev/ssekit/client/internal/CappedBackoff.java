package dev.ssekit.client.internal;

import io.github.resilience4j.core.IntervalFunction;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The wait before retry {@code n} of a finite call (an ack, a token refresh): a random time in
 * {@code [ceiling / 2, ceiling]}, {@code ceiling = min(cap, initial * 2^(n-1))}. The cap comes before the
 * jitter, so calls that fail together keep spreading once they reach the cap (resilience4j's own random
 * backoff caps after the jitter: at the cap every caller waits exactly the cap).
 */
final class CappedBackoff implements IntervalFunction {

  private final long initialMillis;
  private final long capMillis;

  CappedBackoff(long initialMillis, long capMillis) {
    if (initialMillis < 2 || capMillis < initialMillis) {
      throw new IllegalArgumentException("need 2 <= initial <= cap, got " + initialMillis + " and " + capMillis);
    }
    this.initialMillis = initialMillis;
    this.capMillis = capMillis;
  }

  /** The most retry {@code n} (from 1) waits. */
  long ceiling(int n) {
    long ceiling = initialMillis;
    for (int i = 1; i < n && ceiling < capMillis; i++) {
      ceiling *= 2;
    }
    return Math.min(ceiling, capMillis);
  }

  @Override
  public Long apply(Integer attempt) {
    long ceiling = ceiling(attempt);
    long half = ceiling / 2;
    return half + ThreadLocalRandom.current().nextLong(ceiling - half + 1);
  }
}
