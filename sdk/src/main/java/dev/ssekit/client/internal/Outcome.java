package dev.ssekit.client.internal;

import dev.ssekit.client.CloseReason;
import dev.ssekit.client.SseException;

/** How one connection attempt ended, and so what the reconnect state machine does next. */
final class Outcome {

  enum Kind {
    /** Wait (backoff, at least {@code retryAfterMillis}) and connect again. */
    RETRY,
    /** Got 401: connect again at once with a fresh token (once). */
    REAUTH,
    /** Stop for good. */
    STOP
  }

  final Kind kind;
  final SseException error;
  final long retryAfterMillis;
  final CloseReason reason;

  private Outcome(Kind kind, SseException error, long retryAfterMillis, CloseReason reason) {
    this.kind = kind;
    this.error = error;
    this.retryAfterMillis = retryAfterMillis;
    this.reason = reason;
  }

  static Outcome retry(SseException error, long retryAfterMillis) {
    return new Outcome(Kind.RETRY, error, retryAfterMillis, null);
  }

  static Outcome reauth(SseException error) {
    return new Outcome(Kind.REAUTH, error, 0, null);
  }

  static Outcome stop(CloseReason reason, SseException error) {
    return new Outcome(Kind.STOP, error, 0, reason);
  }
}
