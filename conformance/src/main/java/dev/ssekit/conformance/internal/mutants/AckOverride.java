package dev.ssekit.conformance.internal.mutants;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ssekit.conformance.internal.mutants.Exchange.Answer;
import dev.ssekit.conformance.internal.mutants.Exchange.Request;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Broken ack bookkeeping, kept by the proxy in place of the hub's: the proxy's record of a client's ack is what
 * {@code /v1/admin/clients} shows and where {@code /missed} without an id starts.
 */
final class AckOverride implements Mutation {

  private final boolean forgetOnReconnect;
  /** Client id to its last ack as this broken hub records it ("" for none). */
  private final Map<String, String> acks = new ConcurrentHashMap<>();
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  private AckOverride(boolean forgetOnReconnect) {
    this.forgetOnReconnect = forgetOnReconnect;
  }

  /** Every accepted ack replaces the last one, older or not. */
  static Mutation backwards() {
    return new AckOverride(false);
  }

  /** A reconnect starts a new, empty tracker. */
  static Mutation forgetsOnReconnect() {
    return new AckOverride(true);
  }

  @Override
  public Answer intercept(Request r, ProxyState s) throws Exception {
    if (!r.path().equals("/v1/sse/ack") || !r.method().equals("POST")) {
      return null;
    }
    Answer a = s.forward(r);
    JsonNode body = r.json();
    if (a.status() == 204 && body != null) {
      String client = body.path("client_id").asText();
      if (!forgetOnReconnect || acks.containsKey(client)) {
        acks.put(client, body.path("last_event_id").asText());
      }
    }
    return a;
  }

  @Override
  public Request opening(StreamSession st, Request r, ProxyState s) {
    if (forgetOnReconnect && st.clientId() != null && !seen.add(st.clientId())) {
      acks.put(st.clientId(), "");
    }
    return r;
  }

  @Override
  public Request request(Request r, ProxyState s) {
    String client = r.param("client_id");
    if (r.path().equals("/v1/sse/missed") && client != null && r.param("last_received_id") == null
        && acks.containsKey(client)) {
      String ack = acks.get(client);
      return r.withParam("last_received_id", ack.isEmpty() ? "forgotten-" + UUID.randomUUID() : ack)
          .withHeader("x-conformance-forgotten", ack.isEmpty() ? "1" : null);
    }
    return r;
  }

  @Override
  public Answer answer(Request r, Answer a, ProxyState s) {
    if (r.header("x-conformance-forgotten") != null) {
      return a.withHeader("x-ssekit-gap", null);
    }
    if (r.path().equals("/v1/admin/clients") && a.json() instanceof ArrayNode list) {
      for (JsonNode c : list) {
        String ack = acks.get(c.path("client_id").asText());
        if (ack != null) {
          if (ack.isEmpty()) {
            ((ObjectNode) c).putNull("last_acked_id");
          } else {
            ((ObjectNode) c).put("last_acked_id", ack);
          }
        }
      }
      return a.withBody(list.toString());
    }
    return a;
  }
}
