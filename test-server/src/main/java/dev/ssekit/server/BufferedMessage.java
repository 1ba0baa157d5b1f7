package dev.ssekit.server;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Map;

/**
 * A published message as the buffer keeps it for replay: its data already in wire form (a string as
 * given, anything else as its JSON text), so that a replay is byte-identical to the live event.
 *
 * <p>Serialised by the missed-messages endpoint as {@code {id, event, data, timestamp, retry, extra}}.
 *
 * @param id the event id
 * @param event the event type, or {@code null} for {@code message}
 * @param data the data in wire form
 * @param timestamp when the hub published it
 * @param retry the retry hint sent with it, or {@code null}
 * @param extra free-form metadata, never {@code null}
 * @param recipient the only client id that may see it (a private message), or {@code null} for a broadcast
 */
@JsonPropertyOrder({"id", "event", "data", "timestamp", "retry", "extra"})
public record BufferedMessage(
    String id,
    String event,
    String data,
    Instant timestamp,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer retry,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> extra,
    @JsonIgnore String recipient) {

  public BufferedMessage {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("id is required");
    }
    if (timestamp == null) {
      throw new IllegalArgumentException("timestamp is required");
    }
    extra = extra == null ? Map.of() : Map.copyOf(extra);
  }

  /** Whether the client with this id may see the message: broadcasts are public, private sends are not. */
  public boolean isVisibleTo(String clientId) {
    return recipient == null || recipient.equals(clientId);
  }
}
