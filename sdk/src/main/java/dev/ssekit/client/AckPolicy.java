package dev.ssekit.client;

import java.time.Duration;

/**
 * When the client acknowledges processed events to the hub ({@code POST /v1/sse/ack}). Acks are batched:
 * sent after {@code everyEvents} events or {@code everyMillis}, whichever comes first, and flushed on close.
 * An ack always carries the newest processed id, and acks are paced: one request at a time, each starting at
 * least 100 ms (or {@code everyMillis}, if shorter) after the one before (retries included; only the final ack
 * on close does not wait), so a busy stream makes at most ten ack requests a second however small
 * {@code everyEvents} is; the newest id rides on the next request and the last id processed is always
 * acknowledged. Immutable.
 */
public final class AckPolicy {

  private static final AckPolicy DISABLED = new AckPolicy(false, 0, 0, null);

  private final boolean enabled;
  private final int everyEvents;
  private final long everyMillis;
  private final String ackUrl;

  private AckPolicy(boolean enabled, int everyEvents, long everyMillis, String ackUrl) {
    this.enabled = enabled;
    this.everyEvents = everyEvents;
    this.everyMillis = everyMillis;
    this.ackUrl = ackUrl;
  }

  /** No acks. */
  public static AckPolicy disabled() {
    return DISABLED;
  }

  /**
   * The default: every 500 events or 1 second, whichever comes first. An ack always carries the newest id,
   * so a burst (a replay after a long absence) is acknowledged without one request per few events.
   */
  public static AckPolicy defaults() {
    return batched(500, 1000);
  }

  /** Acks after {@code everyEvents} events or {@code everyMillis} ms, whichever comes first. */
  public static AckPolicy batched(int everyEvents, long everyMillis) {
    if (everyEvents < 1) {
      throw new IllegalArgumentException("everyEvents must be >= 1, was " + everyEvents);
    }
    if (everyMillis < 1) {
      throw new IllegalArgumentException("everyMillis must be >= 1, was " + everyMillis);
    }
    return new AckPolicy(true, everyEvents, everyMillis, null);
  }

  /** Acks after {@code everyEvents} events or after {@code every}, whichever comes first. */
  public static AckPolicy batched(int everyEvents, Duration every) {
    return batched(everyEvents, Durations.toMillis("every", every));
  }

  /**
   * The same policy with an explicit ack URL. By default it is the stream URL's path plus {@code /ack} when
   * that path ends in {@code /sse}, else {@code /v1/sse/ack} on the same origin.
   */
  public AckPolicy withAckUrl(String url) {
    return new AckPolicy(enabled, everyEvents, everyMillis, url);
  }

  /** Whether the client acknowledges at all. */
  public boolean enabled() {
    return enabled;
  }

  /** Acks after this many processed events (unless the interval comes first). */
  public int everyEvents() {
    return everyEvents;
  }

  /** Acks after this many milliseconds (unless the event count comes first). */
  public long everyMillis() {
    return everyMillis;
  }

  /** The explicit ack URL, or {@code null} for the default. */
  public String ackUrl() {
    return ackUrl;
  }
}
