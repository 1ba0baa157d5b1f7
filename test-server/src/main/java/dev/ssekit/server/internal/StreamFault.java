package dev.ssekit.server.internal;

/** A fault injected into one stream (clause 20), applied by the stream's own thread between events. */
public record StreamFault(Kind kind, long millis) {

  /** What the fault does. */
  public enum Kind {
    /** End the stream cleanly. */
    DISCONNECT,
    /** Write half of the next event, then end the stream. */
    CUT,
    /** Write nothing, not even heartbeats, for {@code millis}. */
    STALL,
    /** Send a {@code retry: millis} field. */
    RETRY
  }
}
