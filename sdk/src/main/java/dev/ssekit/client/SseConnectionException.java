package dev.ssekit.client;

/** The connection failed or dropped (network error, read timeout, end of stream, 5xx); the client retries. */
public final class SseConnectionException extends SseException {

  private final int status;

  /** A failed or dropped connection; {@code status} is the HTTP status if the server answered one, else 0. */
  public SseConnectionException(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status when the server answered one (5xx, 429), else 0. */
  public int status() {
    return status;
  }
}
