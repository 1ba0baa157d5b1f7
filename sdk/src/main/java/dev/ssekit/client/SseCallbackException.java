package dev.ssekit.client;

/**
 * A callback of the app threw, or an event's data could not be decoded to the subscribed type. Reported to
 * {@link SseListener#onError}; the stream goes on, and the event does not count as processed.
 */
public final class SseCallbackException extends SseException {

  private final SseEvent event;

  /** A callback or decode failure while handling {@code event} (which may be null). */
  public SseCallbackException(String message, SseEvent event, Throwable cause) {
    super(message, cause);
    this.event = event;
  }

  /** The event being handled, or {@code null}. */
  public SseEvent event() {
    return event;
  }
}
