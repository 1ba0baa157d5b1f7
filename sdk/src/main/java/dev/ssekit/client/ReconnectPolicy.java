package dev.ssekit.client;

import io.github.resilience4j.retry.RetryConfig;

/**
 * How the client waits between reconnect attempts. The built-in policy is exponential backoff with full
 * jitter: attempt {@code n} waits a random time in {@code [0, min(maxDelay, base * multiplier^(n-1))]} — the
 * cap is applied <i>before</i> the jitter, so after a hub restart clients do not return in lockstep. The base
 * is {@code initialDelay} until the server sends a {@code retry:} hint, which then becomes the base. A
 * {@code Retry-After} header is honoured as a lower bound. The attempt count resets only after a connection
 * stayed open for {@code resetAfter}, so a server that accepts and drops does not cause a storm.
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
  private final long resetAfterMillis;
  private final int maxAttempts;
  private final RetryConfig retryConfig;

  private ReconnectPolicy(Builder b) {
    this.initialDelayMillis = b.initialDelayMillis;
    this.maxDelayMillis = b.maxDelayMillis;
    this.multiplier = b.multiplier;
    this.resetAfterMillis = b.resetAfterMillis;
    this.maxAttempts = b.maxAttempts;
    this.retryConfig = b.retryConfig;
  }

  /** 1 s base, 30 s cap, doubling, reset after 60 s open, unlimited attempts. */
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

  /** How long a connection must stay open before the attempt count starts over. */
  public long resetAfterMillis() {
    return resetAfterMillis;
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
    private long resetAfterMillis = 60_000;
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

    /** How long a connection must stay up to reset the backoff (default 60 s). */
    public Builder resetAfterMillis(long millis) {
      if (millis < 0) {
        throw new IllegalArgumentException("resetAfterMillis must be >= 0, was " + millis);
      }
      this.resetAfterMillis = millis;
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
