package dev.ssekit.server.internal;

/**
 * The "answer the next N connects with status S" fault (clause 20), set through the admin API or
 * {@code SseTestServer.faults()}. Thread-safe.
 */
public final class ConnectFaults {

  /** One pending rejection: the status to answer and the optional {@code Retry-After} seconds. */
  public record Rejection(int status, Long retryAfterSeconds) {}

  private int remaining;
  private int status;
  private Long retryAfterSeconds;

  /** The next {@code count} connects are answered with {@code status} (and {@code Retry-After}, if not null). */
  public synchronized void rejectNext(int count, int status, Long retryAfterSeconds) {
    this.remaining = count;
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Consumes one pending rejection, or returns null when none is pending. */
  public synchronized Rejection take() {
    if (remaining <= 0) {
      return null;
    }
    remaining--;
    return new Rejection(status, retryAfterSeconds);
  }
}
