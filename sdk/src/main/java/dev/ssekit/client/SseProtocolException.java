package dev.ssekit.client;

/**
 * The server sent something the client does not take in as it is, and the stream goes on: an event (or a
 * line) larger than {@link SseConfig#maxEventSize()}, which is skipped up to its blank line, or an event id
 * that cannot go back as a {@code Last-Event-ID} header (see {@link SseSettings#lastEventIdStore}), which
 * is still delivered but not sent. Reported to {@link SseListener#onError}, where the callbacks run, in stream
 * order.
 */
public final class SseProtocolException extends SseException {

  /** A report with a message that never quotes the offending bytes. */
  public SseProtocolException(String message) {
    super(message);
  }
}
