package dev.ssekit.server.internal.http;

import java.util.Map;

/** The "answer the next N connects with status S" fault (clause 20). Thread-safe. */
final class ConnectFaults {

  private int remaining;
  private int status;
  private Long retryAfterSeconds;

  synchronized void rejectNext(int count, int status, Long retryAfterSeconds) {
    this.remaining = count;
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Throws the injected error if a rejection is pending, consuming one. */
  synchronized void maybeReject() {
    if (remaining <= 0) {
      return;
    }
    remaining--;
    Map<String, String> headers = retryAfterSeconds == null
        ? Map.of()
        : Map.of("Retry-After", Long.toString(retryAfterSeconds));
    throw new HttpError(status, "INJECTED_FAULT", "connect rejected by an injected fault", headers);
  }
}
