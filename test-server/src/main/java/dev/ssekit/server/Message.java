package dev.ssekit.server;

import java.util.Objects;

/**
 * A message to publish on the hub: an optional event type, the data, an optional id and an optional
 * {@code retry} hint in milliseconds.
 *
 * <p>String data goes on the wire as is; any other object is encoded as JSON with Jackson. A message
 * without an id gets one from the hub when it is published (PROTOCOL.md clause 11).
 *
 * @param event the event type, or {@code null} for the default {@code message} type
 * @param data the payload; a {@code String} is sent raw, anything else as JSON; {@code null} sends empty data
 * @param id the event id, or {@code null} to let the hub assign one
 * @param retry the reconnect hint in milliseconds to send with the event, or {@code null}
 * @throws IllegalArgumentException if {@code event} or {@code id} contains CR, LF or NUL, {@code id} is longer
 *     than {@link #MAX_ID_LENGTH}, or {@code retry} is negative
 */
public record Message(String event, Object data, String id, Integer retry) {

  /** The longest id a message may carry: the longest {@code Last-Event-ID} the hub accepts (clause 7). */
  public static final int MAX_ID_LENGTH = 256;

  public Message {
    requireSingleLine("event", event);
    requireSingleLine("id", id);
    if (id != null && id.isEmpty()) {
      throw new IllegalArgumentException("id must not be empty; use null to let the hub assign one");
    }
    if (id != null && id.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException("id must be at most " + MAX_ID_LENGTH
          + " characters (the longest Last-Event-ID a client may resume from), was " + id.length());
    }
    if (retry != null && retry < 0) {
      throw new IllegalArgumentException("retry must be >= 0, was " + retry);
    }
  }

  /** A default-type ({@code message}) message with the given data and a hub-assigned id. */
  public static Message of(Object data) {
    return new Message(null, data, null, null);
  }

  /** A message of the given event type with the given data and a hub-assigned id. */
  public static Message of(String event, Object data) {
    return new Message(event, data, null, null);
  }

  /** A copy of this message with the given id. */
  public Message withId(String newId) {
    return new Message(event, data, newId, retry);
  }

  /** A copy of this message with the given retry hint in milliseconds. */
  public Message withRetry(Integer newRetry) {
    return new Message(event, data, id, newRetry);
  }

  private static void requireSingleLine(String field, String value) {
    if (value == null) {
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == '\0') {
        throw new IllegalArgumentException(field + " must not contain CR, LF or NUL");
      }
    }
  }

  @Override
  public String toString() {
    return "Message{event=" + event + ", id=" + id + ", retry=" + retry + ", data="
        + (data == null ? "null" : Objects.toString(data).length() + " chars") + "}";
  }
}
