package dev.ssekit.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * What our hub's {@code connected} event, the first of a connection, tells the client (docs/PROTOCOL.md,
 * clause 8): the client id the hub knows it by, and, on a connect sent without {@code Last-Event-ID}, the join
 * position to resume from if the stream ends before its first message. Another server's first event named
 * {@code connected} is just an event.
 */
final class HubHandshake {

  /** The client id; never null or empty. */
  final String clientId;
  /** The join position, or null (none sent, or one that could not go back as a header). */
  final String joinPosition;

  private HubHandshake(String clientId, String joinPosition) {
    this.clientId = clientId;
    this.joinPosition = joinPosition;
  }

  /**
   * Reads the handshake from a {@code connected} event's data: JSON with a non-empty {@code client_id}.
   *
   * @return null if the data is not our hub's handshake
   */
  static HubHandshake read(ObjectMapper mapper, String data) {
    JsonNode json;
    try {
      json = mapper.readTree(data);
    } catch (IOException e) {
      return null;
    }
    String clientId = json == null ? null : text(json, "client_id");
    if (clientId == null) {
      return null;
    }
    String join = text(json, "last_event_id");
    return new HubHandshake(clientId, join != null && StreamRequest.isSafeValue(join) ? join : null);
  }

  /** A non-empty text field, or null. */
  private static String text(JsonNode json, String field) {
    JsonNode node = json.get(field);
    return node != null && node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
  }
}
