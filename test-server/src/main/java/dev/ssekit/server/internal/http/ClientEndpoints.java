package dev.ssekit.server.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.ssekit.server.internal.DefaultHub;
import java.io.IOException;
import java.util.Map;

/** The client's side endpoints beside the stream: missed messages (clause 16) and acks (clause 17). */
final class ClientEndpoints {

  private final DefaultHub hub;
  private final AuthGate auth;

  ClientEndpoints(DefaultHub hub, AuthGate auth) {
    this.hub = hub;
    this.auth = auth;
  }

  /** {@code GET /v1/sse/missed?client_id=…[&last_received_id=…]}. */
  void missed(HttpExchange ex) throws IOException {
    requireRunning();
    Map<String, String> query = Exchanges.query(ex);
    auth.check(ex, query);
    String clientId = query.get("client_id");
    if (clientId == null || clientId.isEmpty()) {
      throw HttpError.badRequest("client_id is required");
    }
    String lastReceived = query.get("last_received_id");
    DefaultHub.Missed missed = hub.missed(clientId, lastReceived == null || lastReceived.isEmpty() ? null : lastReceived);
    if (missed.gap()) {
      ex.getResponseHeaders().set("X-Ssekit-Gap", "true");
    }
    Exchanges.sendJson(ex, 200, missed.messages());
  }

  /** {@code POST /v1/sse/ack} with {@code {"client_id":"…","last_event_id":"…"}}. */
  void ack(HttpExchange ex) throws IOException {
    requireRunning();
    auth.check(ex, Exchanges.query(ex));
    JsonNode body = Exchanges.jsonBody(ex, hub.config().maxBodyBytes());
    if (!body.isObject()) {
      throw HttpError.badRequest("the body must be a JSON object");
    }
    String clientId = Exchanges.requiredText(body, "client_id");
    String lastEventId = Exchanges.requiredText(body, "last_event_id");
    try {
      hub.acknowledge(clientId, lastEventId);
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, "UNKNOWN_EVENT_ID", "last_event_id was not issued by this hub, or is no longer held");
    }
    Exchanges.sendNoContent(ex, 204);
  }

  private void requireRunning() {
    if (hub.isStopped()) {
      throw HttpError.stopped();
    }
  }
}
