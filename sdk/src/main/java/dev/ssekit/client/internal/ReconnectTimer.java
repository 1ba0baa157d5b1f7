package dev.ssekit.client.internal;

import dev.ssekit.client.ReconnectPolicy;
import java.util.Random;

/**
 * How long to wait before each reconnect. After a connection that worked (it delivered an event or stayed
 * open past the base delay) the next attempt waits exactly the base: the server's {@code retry:} time, or the
 * policy's initial delay. Only consecutive failures grow the wait, exponentially with jitter: attempt
 * {@code n > 1} waits a random time in {@code [base, ceiling(n)]}, where {@code ceiling(n) = min(max(cap, base),
 * base * multiplier^(n-1))} — the cap comes before the jitter, so clients at the cap do not return in
 * lockstep. The server's {@code retry:} time is a floor (never reconnect sooner than it asked), and so is a
 * {@code Retry-After}. Reader thread only.
 */
final class ReconnectTimer {

  private final ReconnectPolicy policy;
  private final Random random;
  private final int maxAttempts;
  /** The server's retry time in ms, or -1. */
  private long serverMillis = -1;
  /** Consecutive failed attempts, counting the one about to be made. */
  private int attempt;

  ReconnectTimer(ReconnectPolicy policy, Random random) {
    this.policy = policy;
    this.random = random;
    this.maxAttempts = policy.maxAttempts();
  }

  /** The server sent {@code retry:}. */
  void serverDelay(long millis) {
    serverMillis = millis;
  }

  /** The wait after a connection that worked: the server's retry time, else the initial delay. */
  long baseMillis() {
    return serverMillis >= 0 ? serverMillis : policy.initialDelayMillis();
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
    return Math.max(delay(attempt), Math.max(retryAfterMillis, serverMillis));
  }

  /** The built-in delay for attempt {@code n}: the base, then jittered growth. */
  long delay(int n) {
    long base = baseMillis();
    if (n <= 1) {
      return base;
    }
    long ceiling = ceiling(n);
    return ceiling <= base ? base : base + (long) (random.nextDouble() * (ceiling - base + 1));
  }

  /** The most attempt {@code n} may wait: {@code min(max(cap, base), base * multiplier^(n-1))}. */
  long ceiling(int n) {
    long base = baseMillis();
    double grown = base * Math.pow(policy.multiplier(), Math.max(0, n - 1));
    return (long) Math.min(Math.max(policy.maxDelayMillis(), base), grown);
  }
}
