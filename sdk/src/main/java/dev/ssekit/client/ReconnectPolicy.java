package dev.ssekit.client;

import java.time.Duration;

/**
 * How the client waits between reconnect attempts. The base delay is the server's {@code retry:} time once it
 * sent one, else {@code initialDelay}; the step is the larger of the base and {@code initialDelay}, so a
 * {@code retry: 0} cannot switch the backoff off. After a connection that worked — it delivered at least one
 * event, or stayed open at least a step — the next attempt waits a random time in
 * {@code [base, base + step / 2]}, so clients cut together do not all come back in the same millisecond. Only
 * consecutive failed attempts grow the wait: attempt {@code n > 1} waits a random time in {@code [step,
 * min(max(maxDelay, step), step * multiplier^(n-1))]} — the cap is applied <i>before</i> the jitter, so after a
 * hub restart clients do not return in lockstep. The server's {@code retry:} time and a {@code Retry-After}
 * header (seconds or an HTTP date) are floors: the client never reconnects sooner than the server asked — up
 * to {@code maxServerDelay} (default 5 minutes): no wait is longer than the larger of {@code maxServerDelay}
 * and {@code maxDelay}, whatever the server sends.
 *
 * <p>Immutable; build with {@link #builder()}.
 */
public final class ReconnectPolicy {

  private final long initialDelayMillis;
  private final long maxDelayMillis;
  private final double multiplier;
  private final int maxAttempts;
  private final long maxServerDelayMillis;

  private ReconnectPolicy(Builder b) {
    this.maxServerDelayMillis = b.maxServerDelayMillis;
    this.initialDelayMillis = b.initialDelayMillis;
    this.maxDelayMillis = b.maxDelayMillis;
    this.multiplier = b.multiplier;
    this.maxAttempts = b.maxAttempts;
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

  /** {@link #initialDelayMillis()} as a {@link Duration}. */
  public Duration initialDelay() {
    return Duration.ofMillis(initialDelayMillis);
  }

  /** {@link #maxDelayMillis()} as a {@link Duration}. */
  public Duration maxDelay() {
    return Duration.ofMillis(maxDelayMillis);
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

  /** The most a server's {@code retry:} or {@code Retry-After} can make the client wait (default 5 minutes). */
  public Duration maxServerDelay() {
    return Duration.ofMillis(maxServerDelayMillis);
  }

  /** Builds a {@link ReconnectPolicy}. Not thread-safe. */
  public static final class Builder {
    private long initialDelayMillis = 1_000;
    private long maxDelayMillis = 30_000;
    private double multiplier = 2.0;
    private int maxAttempts = 0;
    private long maxServerDelayMillis = 5 * 60_000;

    private Builder() {}

    /**
     * The ceiling on the server's {@code retry:} and {@code Retry-After} floors (default 5 minutes, at least
     * 1 ms): a server asking for longer gets this.
     */
    public Builder maxServerDelay(Duration ceiling) {
      long millis = Durations.toMillis("maxServerDelay", ceiling);
      if (millis < 1) {
        throw new IllegalArgumentException("maxServerDelay must be >= 1 ms, was " + ceiling);
      }
      this.maxServerDelayMillis = millis;
      return this;
    }

    /** The base delay (default 1 s). */
    public Builder initialDelayMillis(long millis) {
      if (millis < 0) {
        throw new IllegalArgumentException("initialDelayMillis must be >= 0, was " + millis);
      }
      this.initialDelayMillis = millis;
      return this;
    }

    /** The base delay (default 1 s). */
    public Builder initialDelay(Duration delay) {
      return initialDelayMillis(Durations.toMillis("initialDelay", delay));
    }

    /** The cap applied before the jitter (default 30 s). */
    public Builder maxDelay(Duration delay) {
      return maxDelayMillis(Durations.toMillis("maxDelay", delay));
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
