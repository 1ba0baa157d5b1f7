package dev.ssekit.client;

/**
 * Something went wrong with the stream. Subclasses say what; messages never contain a token.
 */
public class SseException extends RuntimeException {

  /** An error with a message that never contains a token. */
  public SseException(String message) {
    super(message);
  }

  /** An error with its cause; the message never contains a token. */
  public SseException(String message, Throwable cause) {
    super(message, cause);
  }
}
