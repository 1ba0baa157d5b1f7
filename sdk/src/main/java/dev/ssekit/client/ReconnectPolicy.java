package dev.ssekit.client;

import io.github.resilience4j.retry.RetryConfig;

/**
 * How the client waits between reconnect attempts. The base delay is the server's {@code retry:} time once it
 * sent one, else {@code initialDelay}. After a connection that worked — it delivered at least one event, or
 * stayed open longer than the base delay — the next attempt waits exactly the base. Only consecutive failed
 * attempts grow the wait: attempt {@code n > 1} waits a random time in {@code [base, min(max(maxDelay, base),
 * base * multiplier^(n-1))]} — the cap is applied <i>before</i> the jitter, so after a hub restart clients do
 * not return in lockstep. The server's {@code retry:} time and a {@code Retry-After} header (seconds or an
 * HTTP date) are floors: the client never reconnects sooner than the server asked.
 *
 * <p>A resilience4j {@link RetryConfig} may replace the built-in delays: its {@code IntervalBiFunction}
 * gives the delay, its exception predicate decides which connection errors are retried, and its
 * {@code maxAttempts} bounds consecutive failed attempts (the {@code retry:} hint does not move its delays).
 * Immutable.
 */
public final class ReconnectPolicy {

  private final long initialDelayMillis;
  private final long maxDelayMillis;
  private final double multiplier;
  private final int maxAttempts;
  private final RetryConfig retryConfig;

  private ReconnectPolicy(Builder b) {
    this.initialDelayMillis = b.initialDelayMillis;
    this.maxDelayMillis = b.maxDelayMillis;
    this.multiplier = b.multiplier;
    this.maxAttempts = b.maxAttempts;
    this.retryConfig = b.retryConfig;
  }

  /** 1 s base, 30 s cap, doubling, unlimited attempts. */
  public static ReconnectPolicy defaults() {
    return builder().build();
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The base delay before the server sends a {@code retry:} hint. */
  public long initialDelayMillis() {
    return initialDelayMillis;
  }

  /** The cap on a delay, applied before the jitter. */
  public long maxDelayMillis() {
    return maxDelayMillis;
  }

  /** How much the delay ceiling grows per attempt. */
  public double multiplier() {
    return multiplier;
  }


  /** Consecutive failed attempts before giving up; 0 for never. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The resilience4j configuration that replaces the built-in delays, or {@code null}. */
  public RetryConfig retryConfig() {
    return retryConfig;
  }

  /** Builds a {@link ReconnectPolicy}. Not thread-safe. */
  public static final class Builder {
    private long initialDelayMillis = 1_000;
    private long maxDelayMillis = 30_000;
    private double multiplier = 2.0;
    private int maxAttempts = 0;
    private RetryConfig retryConfig;

    private Builder() {}

    /** The base delay (default 1 s). */
    public Builder initialDelayMillis(long millis) {
      if (millis < 0) {
        throw new IllegalArgumentException("initialDelayMillis must be >= 0, was " + millis);
      }
      this.initialDelayMillis = millis;
      return this;
    }

    /** The cap applied before the jitter (default 30 s). */
    public Builder maxDelayMillis(long millis) {
      if (millis < 0) {
        throw new IllegalArgumentException("maxDelayMillis must be >= 0, was " + millis);
      }
      this.maxDelayMillis = millis;
      return this;
    }

    /** The growth per attempt, at least 1 (default 2). */
    public Builder multiplier(double multiplier) {
      if (!(multiplier >= 1.0)) {
        throw new IllegalArgumentException("multiplier must be >= 1, was " + multiplier);
      }
      this.multiplier = multiplier;
      return this;
    }


    /** Consecutive failed attempts before the client closes with {@code RETRIES_EXHAUSTED}; 0 for never. */
    public Builder maxAttempts(int attempts) {
      if (attempts < 0) {
        throw new IllegalArgumentException("maxAttempts must be >= 0, was " + attempts);
      }
      this.maxAttempts = attempts;
      return this;
    }

    /** Takes delays, retry predicate and max attempts from a resilience4j configuration instead. */
    public Builder retryConfig(RetryConfig config) {
      this.retryConfig = config;
      return this;
    }

    /** Checks that the cap is not below the base and builds the policy. */
    public ReconnectPolicy build() {
      if (maxDelayMillis < initialDelayMillis) {
        throw new IllegalArgumentException("maxDelayMillis (" + maxDelayMillis + ") < initialDelayMillis ("
            + initialDelayMillis + ")");
      }
      return new ReconnectPolicy(this);
    }
  }
}
