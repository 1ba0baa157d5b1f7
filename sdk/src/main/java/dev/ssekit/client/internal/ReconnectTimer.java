package dev.ssekit.client.internal;

import dev.ssekit.client.ReconnectPolicy;
import java.util.Random;

/**
 * How long to wait before each reconnect, as {@link ReconnectPolicy} describes: the base is the server's
 * {@code retry:} time (at most the ceiling), else the policy's initial delay; the step is the larger of the
 * base and the initial delay, so {@code retry: 0} cannot switch the backoff off. After a connection that
 * worked the next attempt waits a random time in {@code [base, base + step / 2]}; consecutive failures wait a
 * random time in {@code [step, ceiling(n)]}, {@code ceiling(n) = min(max(cap, step), step * multiplier^(n-1))}
 * — the cap comes before the jitter, so clients at the cap do not return in lockstep. The server's
 * {@code retry:} and {@code Retry-After} are floors, each at most {@code maxServerDelay}; no wait is longer
 * than the larger of {@code maxServerDelay} and the cap. Reader thread only.
 */
final class ReconnectTimer {

  private final ReconnectPolicy policy;
  private final Random random;
  private final int maxAttempts;
  private final long serverCeiling;
  /** The server's retry time in ms (at most the ceiling), or -1. */
  private long serverMillis = -1;
  /** Consecutive failed attempts, counting the one about to be made. */
  private int attempt;

  ReconnectTimer(ReconnectPolicy policy, Random random) {
    this.policy = policy;
    this.random = random;
    this.maxAttempts = policy.maxAttempts();
    this.serverCeiling = policy.maxServerDelay().toMillis();
  }

  /** The server sent {@code retry:}. */
  void serverDelay(long millis) {
    serverMillis = Math.min(millis, serverCeiling);
  }

  /** The wait after a connection that worked, before jitter: the server's retry time, else the initial delay. */
  long baseMillis() {
    return serverMillis >= 0 ? serverMillis : policy.initialDelayMillis();
  }

  /** What failures grow from: never below the initial delay, whatever the server's retry time. */
  long stepMillis() {
    return Math.max(baseMillis(), policy.initialDelayMillis());
  }

  /** The attempt about to be made, from 1. */
  int attempt() {
    return attempt;
  }

  /** Starts over: the next attempt is the first. */
  void reset() {
    attempt = 1;
  }

  /**
   * The wait before the next attempt, or -1 when the policy gives up.
   *
   * @param lastWorked whether the connection that just ended worked (then the count starts over)
   * @param retryAfterMillis the server's {@code Retry-After}, or 0
   */
  long next(boolean lastWorked, long retryAfterMillis) {
    attempt = lastWorked ? 1 : attempt + 1;
    if (maxAttempts > 0 && attempt > maxAttempts) {
      return -1;
    }
    long floor = Math.min(serverCeiling, Math.max(retryAfterMillis, serverMillis));
    long most = Math.max(serverCeiling, policy.maxDelayMillis());
    return Math.min(most, Math.max(delay(attempt), floor));
  }

  /** The built-in delay for attempt {@code n}: the jittered base, then jittered growth. */
  long delay(int n) {
    if (n <= 1) {
      long base = baseMillis();
      return base + (long) (random.nextDouble() * (stepMillis() / 2 + 1));
    }
    long step = stepMillis();
    long ceiling = ceiling(n);
    return ceiling <= step ? step : step + (long) (random.nextDouble() * (ceiling - step + 1));
  }

  /** The most attempt {@code n > 1} may wait: {@code min(max(cap, step), step * multiplier^(n-1))}. */
  long ceiling(int n) {
    long step = stepMillis();
    double grown = step * Math.pow(policy.multiplier(), Math.max(0, n - 1));
    return (long) Math.min(Math.max(policy.maxDelayMillis(), step), grown);
  }
}
