package dev.ssekit.client;

/**
 * One event as the stream dispatched it. Immutable.
 */
public final class SseEvent {

  private final String id;
  private final boolean ownId;
  private final String type;
  private final String data;

  /**
   * @param id the last event id when the event was dispatched, or {@code null} if there is none
   * @param ownId whether the event's own block carried the {@code id:} (otherwise it is inherited)
   * @param type the event type ({@code message} when the stream named none)
   * @param data the data, lines joined with LF
   */
  public SseEvent(String id, boolean ownId, String type, String data) {
    this.id = id;
    this.ownId = ownId;
    this.type = type;
    this.data = data;
  }

  /** The last event id at dispatch (the stream's, which persists across events), or {@code null}. */
  public String id() {
    return id;
  }

  /** Whether this event's own block set the id, rather than inheriting an earlier one. */
  public boolean hasOwnId() {
    return ownId;
  }

  /** The event type; {@code message} when the stream named none. */
  public String type() {
    return type;
  }

  /** The data, its lines joined with LF. */
  public String data() {
    return data;
  }

  @Override
  public String toString() {
    return "SseEvent{id=" + id + ", type=" + type + ", data=" + data.length() + " chars}";
  }
}
