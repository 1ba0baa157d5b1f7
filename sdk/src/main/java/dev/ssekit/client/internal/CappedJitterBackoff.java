package dev.ssekit.client.internal;

import dev.ssekit.client.ReconnectPolicy;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.functions.Either;
import java.util.Random;

/**
 * The built-in reconnect delay, as a resilience4j {@link IntervalBiFunction}: exponential growth capped at
 * the maximum first, then full jitter over {@code [0, capped]}. Unlike resilience4j's
 * {@code ofExponentialRandomBackoff}, which jitters before capping, clients at the cap do not retry in
 * lockstep. The base moves to the server's {@code retry:} hint. One instance per client.
 */
public final class CappedJitterBackoff implements IntervalBiFunction<Object> {

  private final ReconnectPolicy policy;
  private final Random random;
  /** The server's retry hint in ms, or -1. Written by the reader thread. */
  private volatile long hintMillis = -1;

  public CappedJitterBackoff(ReconnectPolicy policy, Random random) {
    this.policy = policy;
    this.random = random;
  }

  public void setHint(long millis) {
    this.hintMillis = millis;
  }

  /** The cap for an attempt before jitter: {@code min(max, base * multiplier^(attempt-1))}. */
  public long ceiling(int attempt) {
    long base = hintMillis >= 0 ? hintMillis : policy.initialDelayMillis();
    double grown = base * Math.pow(policy.multiplier(), Math.max(0, attempt - 1));
    long max = Math.max(policy.maxDelayMillis(), hintMillis >= 0 ? hintMillis : 0);
    return (long) Math.min(max, grown);
  }

  @Override
  public Long apply(Integer attempt, Either<Throwable, Object> outcome) {
    long ceiling = ceiling(attempt);
    return ceiling == 0 ? 0L : (long) (random.nextDouble() * (ceiling + 1));
  }
}
