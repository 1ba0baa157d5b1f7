package dev.ssekit.client;

/** Why a client stopped for good. */
public enum CloseReason {
  /** The app called {@code close()}. */
  CLOSED_BY_CALLER,
  /** The server answered 204 No Content: it asks the client to stop. */
  CLOSED_BY_SERVER,
  /** The server refused the token: 401 or 403 again after a fresh one. The error is an {@link SseHttpException}. */
  AUTH_FAILED,
  /** The server answered a status that is not retried (a 4xx other than 429, or a non-200 success). */
  HTTP_ERROR,
  /** The response was not {@code text/event-stream}. */
  WRONG_CONTENT_TYPE,
  /** The reconnect policy's attempts ran out. */
  RETRIES_EXHAUSTED,
  /**
   * Something retrying cannot fix went wrong on an SDK thread: an {@link Error}, or a callback executor that
   * rejected a task. The state's {@link ConnectionState#error() error} carries the cause.
   */
  FAILED
}
