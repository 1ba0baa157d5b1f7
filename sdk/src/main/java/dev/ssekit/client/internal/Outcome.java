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
  /** For RETRY: whether the next attempt asks for a fresh token again (the refresh itself failed). */
  final boolean freshToken;

  private Outcome(Kind kind, SseException error, long retryAfterMillis, CloseReason reason) {
    this(kind, error, retryAfterMillis, reason, false);
  }

  private Outcome(Kind kind, SseException error, long retryAfterMillis, CloseReason reason, boolean freshToken) {
    this.freshToken = freshToken;
    this.kind = kind;
    this.error = error;
    this.retryAfterMillis = retryAfterMillis;
    this.reason = reason;
  }

  static Outcome retry(SseException error, long retryAfterMillis) {
    return new Outcome(Kind.RETRY, error, retryAfterMillis, null);
  }

  /** The token provider failed to refresh after a 401/403: wait (backoff) and ask it for a fresh token again. */
  static Outcome retryRefresh(SseException error) {
    return new Outcome(Kind.RETRY, error, 0, null, true);
  }

  static Outcome reauth(SseException error) {
    return new Outcome(Kind.REAUTH, error, 0, null);
  }

  static Outcome stop(CloseReason reason, SseException error) {
    return new Outcome(Kind.STOP, error, 0, reason);
  }
}
