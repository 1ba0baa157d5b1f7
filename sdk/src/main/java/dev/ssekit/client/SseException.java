package dev.ssekit.client;

/**
 * Something went wrong with the stream. Subclasses say what; messages never contain a token.
 */
public class SseException extends RuntimeException {

  public SseException(String message) {
    super(message);
  }

  public SseException(String message, Throwable cause) {
    super(message, cause);
  }
}
