package dev.ssekit.client;

/** Why a client stopped for good. */
public enum CloseReason {
  /** The app called {@code close()}. */
  CLOSED_BY_CALLER,
  /** The server answered 204 No Content: it asks the client to stop. */
  CLOSED_BY_SERVER,
  /** The server refused the token (403, or 401 again after a fresh token). */
  AUTH_FAILED,
  /** The server answered a status that is not retried (a 4xx other than 429, or a non-200 success). */
  HTTP_ERROR,
  /** The response was not {@code text/event-stream}. */
  WRONG_CONTENT_TYPE,
  /** The reconnect policy's attempts ran out. */
  RETRIES_EXHAUSTED
}
