package dev.ssekit.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ssekit.server.BufferedMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/**
 * The one encoder of the event-stream format on the hub side (clause 10). A frame is built as its id line
 * plus a body, so the expensive part (data lines) is encoded once, outside the publish lock, and a replay
 * uses the same code as the live send and is therefore byte-identical to it.
 */
final class SseFrames {

  private static final byte[] ID = "id: ".getBytes(StandardCharsets.US_ASCII);

  private final ObjectMapper json;
  private final Clock clock;
  private final int retryHintMillis;

  SseFrames(ObjectMapper json, Clock clock, int retryHintMillis) {
    this.json = json;
    this.clock = clock;
    this.retryHintMillis = retryHintMillis;
  }

  /**
   * The first event of every stream (clause 8); {@code joinedAt} is the join position of a connect without
   * {@code Last-Event-ID}, or null.
   */
  byte[] connected(String clientId, String joinedAt) {
    Map<String, Object> data = joinedAt == null
        ? Json.object("client_id", clientId, "timestamp", clock.millis())
        : Json.object("client_id", clientId, "timestamp", clock.millis(), "last_event_id", joinedAt);
    return control("connected", data, retryHintMillis);
  }

  /** A heartbeat event (clause 9). */
  byte[] heartbeat() {
    return control("heartbeat", Json.object("timestamp", clock.millis()), null);
  }

  /** A buffered message's frame, byte-identical to its live form. */
  byte[] frameOf(BufferedMessage m) {
    return withId(m.id(), body(m.event(), m.data(), m.retry()));
  }

  /** The wire form of a message's data: a string as is, {@code null} as empty, anything else as JSON. */
  String dataToWire(Object data) {
    if (data == null) {
      return "";
    }
    if (data instanceof String s) {
      return s;
    }
    try {
      return json.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("data cannot be encoded as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** {@code event:}, {@code retry:} and one {@code data:} line per line of data, then the blank line. */
  byte[] body(String event, String data, Integer retry) {
    StringBuilder sb = new StringBuilder(data.length() + 32);
    if (event != null) {
      sb.append("event: ").append(event).append('\n');
    }
    if (retry != null) {
      sb.append("retry: ").append(retry.intValue()).append('\n');
    }
    appendDataLines(sb, data);
    sb.append('\n');
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A complete frame: the {@code id:} line, then the body. */
  byte[] withId(String id, byte[] body) {
    byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
    byte[] frame = new byte[ID.length + idBytes.length + 1 + body.length];
    System.arraycopy(ID, 0, frame, 0, ID.length);
    System.arraycopy(idBytes, 0, frame, ID.length, idBytes.length);
    frame[ID.length + idBytes.length] = '\n';
    System.arraycopy(body, 0, frame, ID.length + idBytes.length + 1, body.length);
    return frame;
  }

  /** A hub control event with JSON data and no id: connected, heartbeat, gap. */
  byte[] control(String event, Object jsonData, Integer retry) {
    return body(event, dataToWire(jsonData), retry);
  }

  /** A bare {@code retry:} field in a block of its own. */
  byte[] retryOnly(long millis) {
    return ("retry: " + millis + "\n\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** Splits on CR, LF and CRLF; each line becomes {@code data: line}. */
  private static void appendDataLines(StringBuilder sb, String data) {
    int start = 0;
    int n = data.length();
    for (int i = 0; i < n; i++) {
      char c = data.charAt(i);
      if (c == '\r' || c == '\n') {
        sb.append("data: ").append(data, start, i).append('\n');
        if (c == '\r' && i + 1 < n && data.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    sb.append("data: ").append(data, start, n).append('\n');
  }
}
