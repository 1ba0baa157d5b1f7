package dev.ssekit.client;

/** The server did not speak the event-stream protocol (e.g. a wrong Content-Type). */
public final class SseProtocolException extends SseException {

  /** The server broke the protocol, as the message says. */
  public SseProtocolException(String message) {
    super(message);
  }
}
