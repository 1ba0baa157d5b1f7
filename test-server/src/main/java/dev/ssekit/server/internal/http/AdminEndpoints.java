package dev.ssekit.server.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.ssekit.server.ClientInfo;
import dev.ssekit.server.HubStats;
import dev.ssekit.server.Message;
import dev.ssekit.server.UnknownClientException;
import dev.ssekit.server.internal.ConnectFaults;
import dev.ssekit.server.internal.DefaultHub;
import dev.ssekit.server.internal.Json;
import dev.ssekit.server.internal.StreamFault;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The admin and fault API (clauses 19 and 20), behind the admin token. */
final class AdminEndpoints {

  private final DefaultHub hub;
  private final AuthGate auth;
  private final String adminToken;
  private final ConnectFaults connectFaults;

  AdminEndpoints(DefaultHub hub, AuthGate auth, String adminToken, ConnectFaults connectFaults) {
    this.hub = hub;
    this.auth = auth;
    this.adminToken = adminToken;
    this.connectFaults = connectFaults;
  }

  /** Routes {@code /v1/admin/clients/{id}/messages}; the rest are exact paths. */
  Router.Routes clientMessagesRoute(String rest) {
    String suffix = "/messages";
    if (!rest.endsWith(suffix) || rest.length() == suffix.length()) {
      return null;
    }
    String rawId = rest.substring(0, rest.length() - suffix.length());
    if (rawId.contains("/")) {
      return null;
    }
    String clientId = Ids.checked("client id", PathSegment.decode("client id in the path", rawId));
    return new Router.Routes().on("POST", ex -> sendToClient(ex, clientId));
  }

  void broadcast(HttpExchange ex) throws IOException {
    Message message = readMessage(ex);
    String id = publish(() -> hub.broadcast(message));
    Exchanges.sendJson(ex, 200, Json.object("id", id));
  }

  private void sendToClient(HttpExchange ex, String clientId) throws IOException {
    Message message = readMessage(ex);
    String id;
    try {
      id = publish(() -> hub.sendToClient(clientId, message));
    } catch (UnknownClientException e) {
      throw new HttpError(404, "UNKNOWN_CLIENT", "no client with this id is known to the hub");
    }
    Exchanges.sendJson(ex, 200, Json.object("id", id));
  }

  /**
   * {@code POST /v1/admin/stop}: stops the hub as {@code stop()} does (clause 21), then answers
   * {@code 200 {"stopped":true}}, so every request after the answer gets 503. The listener stays up: the
   * process (or the embedding test) decides when to close it. A second call gets 503 like every other path.
   */
  void stop(HttpExchange ex) throws IOException {
    guard(ex);
    Exchanges.body(ex, hub.config().maxBodyBytes()); // any body is read and ignored
    hub.stop();
    Exchanges.sendJson(ex, 200, Json.object("stopped", true));
  }

  void clients(HttpExchange ex) throws IOException {
    guard(ex);
    List<Map<String, Object>> out = new ArrayList<>();
    for (ClientInfo c : hub.clients()) {
      out.add(Json.object("client_id", c.clientId(), "connected_since", c.connectedSince().toString(),
          "last_sent_id", c.lastSentId(), "last_acked_id", c.lastAckedId(), "queue_depth", c.queueDepth()));
    }
    Exchanges.sendJson(ex, 200, out);
  }

  void stats(HttpExchange ex) throws IOException {
    guard(ex);
    HubStats s = hub.stats();
    Exchanges.sendJson(ex, 200, Json.object("connections", s.connections(),
        "messages_published", s.messagesPublished(), "buffer_size", s.bufferSize(),
        "slow_consumer_disconnects", s.slowConsumerDisconnects(), "auth_failures", s.authFailures(),
        "event_types", hub.eventTypes()));
  }

  /**
   * {@code POST /v1/admin/faults} with {@code {"type": …}}: {@code disconnect}, {@code cut}, {@code stall}
   * ({@code duration_ms}), {@code retry} ({@code retry_ms}) for one client ({@code client_id}) or all;
   * {@code reject} ({@code count}, {@code status}, optional {@code retry_after} seconds) for the next connects.
   */
  void faults(HttpExchange ex) throws IOException {
    guard(ex);
    JsonNode body = objectBody(ex);
    String type = Exchanges.requiredText(body, "type");
    String clientId = Exchanges.optionalText(body, "client_id");
    if (clientId != null) {
      Ids.checked("client_id", clientId);
    }
    int affected;
    switch (type) {
      case "disconnect" -> affected = hub.injectFault(clientId, new StreamFault(StreamFault.Kind.DISCONNECT, 0));
      case "cut" -> affected = hub.injectFault(clientId, new StreamFault(StreamFault.Kind.CUT, 0));
      case "stall" -> affected = hub.injectFault(clientId,
          new StreamFault(StreamFault.Kind.STALL, required(body, "duration_ms")));
      case "retry" -> affected = hub.injectFault(clientId,
          new StreamFault(StreamFault.Kind.RETRY, required(body, "retry_ms")));
      case "reject" -> {
        long count = Exchanges.optionalLong(body, "count", 1);
        long status = required(body, "status");
        if (status < 400 || status > 599) {
          throw HttpError.badRequest("\"status\" must be an HTTP error status (400-599)");
        }
        JsonNode retryAfter = body.get("retry_after");
        Long retryAfterSeconds = retryAfter == null || retryAfter.isNull() ? null : required(body, "retry_after");
        connectFaults.rejectNext((int) Math.min(Integer.MAX_VALUE, count), (int) status, retryAfterSeconds);
        affected = (int) Math.min(Integer.MAX_VALUE, count);
      }
      default -> throw HttpError.badRequest(
          "unknown fault type \"" + type + "\"; expected disconnect, cut, stall, retry or reject");
    }
    Exchanges.sendJson(ex, 200, Json.object("type", type, "affected", affected));
  }

  private static long required(JsonNode body, String field) {
    long value = Exchanges.optionalLong(body, field, -1);
    if (value < 0) {
      throw HttpError.badRequest("\"" + field + "\" is required");
    }
    return value;
  }

  private Message readMessage(HttpExchange ex) throws IOException {
    guard(ex);
    JsonNode body = objectBody(ex);
    JsonNode data = body.get("data");
    Object payload = data == null || data.isNull() ? null : data.isTextual() ? data.asText() : data;
    long retry = Exchanges.optionalLong(body, "retry", -1);
    try {
      return new Message(Exchanges.optionalText(body, "event"), payload, Exchanges.optionalText(body, "id"),
          retry < 0 ? null : (int) Math.min(Integer.MAX_VALUE, retry));
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest(e.getMessage());
    }
  }

  private String publish(java.util.function.Supplier<String> action) {
    try {
      return action.get();
    } catch (IllegalStateException e) {
      throw HttpError.stopped();
    }
  }

  private JsonNode objectBody(HttpExchange ex) throws IOException {
    JsonNode body = Exchanges.jsonBody(ex, hub.config().maxBodyBytes());
    if (!body.isObject()) {
      throw HttpError.badRequest("the body must be a JSON object");
    }
    return body;
  }

  private void guard(HttpExchange ex) {
    auth.checkAdmin(ex, adminToken);
  }
}
