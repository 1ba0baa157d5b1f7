package dev.ssekit.server.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.ssekit.server.BufferedMessage;
import dev.ssekit.server.UnknownClientException;
import dev.ssekit.server.internal.DefaultHub;
import dev.ssekit.server.internal.ForeignClientIdException;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** The client's side endpoints beside the stream: missed messages (clause 16) and acks (clause 17). */
final class ClientEndpoints {

  /** Messages {@code /missed} returns when the request names no {@code limit}. */
  static final int DEFAULT_MISSED_LIMIT = 100;
  /** The largest {@code limit} {@code /missed} accepts. */
  static final int MAX_MISSED_LIMIT = 1_000;

  private final DefaultHub hub;
  private final AuthGate auth;

  ClientEndpoints(DefaultHub hub, AuthGate auth) {
    this.hub = hub;
    this.auth = auth;
  }

  /** {@code GET /v1/sse/missed?client_id=…[&last_received_id=…][&limit=N]}. */
  void missed(HttpExchange ex) throws IOException {
    Map<String, String> query = Exchanges.query(ex);
    String principal = auth.check(ex, query);
    String clientId = query.get("client_id");
    if (clientId == null || clientId.isEmpty()) {
      throw HttpError.badRequest("client_id is required");
    }
    Ids.checked("client_id", clientId);
    String lastReceived = query.get("last_received_id");
    if (lastReceived != null && !lastReceived.isEmpty()) {
      Ids.checked("last_received_id", lastReceived);
    }
    int limit = limit(query.get("limit"));
    DefaultHub.Missed missed;
    try {
      missed = hub.missed(principal, clientId, lastReceived == null || lastReceived.isEmpty() ? null : lastReceived);
    } catch (ForeignClientIdException e) {
      throw refuseForeign(ex);
    }
    if (missed.gap()) {
      ex.getResponseHeaders().set("X-Ssekit-Gap", "true");
    }
    List<BufferedMessage> messages = missed.messages();
    if (messages.size() > limit) {
      ex.getResponseHeaders().set("X-Ssekit-More", "true");
      messages = messages.subList(0, limit);
    }
    Exchanges.streamJsonArray(ex, 200, messages);
  }

  private static int limit(String raw) {
    if (raw == null || raw.isEmpty()) {
      return DEFAULT_MISSED_LIMIT;
    }
    int value = -1;
    if (raw.length() <= 9 && raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
      value = Integer.parseInt(raw);
    }
    if (value < 1 || value > MAX_MISSED_LIMIT) {
      throw HttpError.badRequest("limit must be a whole number from 1 to " + MAX_MISSED_LIMIT);
    }
    return value;
  }

  /** {@code POST /v1/sse/ack} with {@code {"client_id":"…","last_event_id":"…"}}. */
  void ack(HttpExchange ex) throws IOException {
    String principal = auth.check(ex, Exchanges.query(ex));
    JsonNode body = Exchanges.jsonBody(ex, hub.config().maxBodyBytes());
    if (!body.isObject()) {
      throw HttpError.badRequest("the body must be a JSON object");
    }
    String clientId = Ids.checked("client_id", Exchanges.requiredText(body, "client_id"));
    String lastEventId = Ids.checked("last_event_id", Exchanges.requiredText(body, "last_event_id"));
    try {
      hub.acknowledge(principal, clientId, lastEventId);
    } catch (ForeignClientIdException e) {
      throw refuseForeign(ex);
    } catch (UnknownClientException e) {
      throw new HttpError(404, "UNKNOWN_CLIENT", "no client with this id is known to the hub");
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, "UNKNOWN_EVENT_ID", "last_event_id was not issued by this hub, or is no longer held");
    }
    Exchanges.sendNoContent(ex, 204);
  }

  /** Another principal owns the client id (clause 23): 403, counted like a failed auth (clause 4). */
  private HttpError refuseForeign(HttpExchange ex) {
    return auth.refuseForeign(ex,
        new HttpError(403, "CLIENT_ID_FORBIDDEN", "this client id belongs to another principal"));
  }
}
