package dev.ssekit.conformance.internal.mutants;

import static dev.ssekit.conformance.internal.mutants.ServerMutants.frame;
import static dev.ssekit.conformance.internal.mutants.ServerMutants.m;
import static dev.ssekit.conformance.internal.mutants.ServerMutants.noAuth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ssekit.conformance.internal.mutants.Exchange.Answer;
import dev.ssekit.conformance.internal.mutants.Exchange.Request;
import dev.ssekit.conformance.internal.mutants.ServerMutants.Answers;
import dev.ssekit.conformance.internal.mutants.ServerMutants.Blocks;
import dev.ssekit.conformance.internal.mutants.ServerMutants.Requests;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The broken hubs of delivery: private messages (clause 15), missed messages (16), acks and trackers (17), slow
 * consumers (18).
 */
final class DeliveryMutants {

  private DeliveryMutants() {}

  static List<ServerMutant> all() {
    return List.of(
        m("private-leaks-live", 15, "writes a private message to every open stream", false,
            () -> new Mutation() {
              @Override
              public Answer answer(Request r, Answer a, ProxyState s) {
                ProxyState.Published p = a.json() == null ? null : s.find(a.json().path("id").asText(""));
                if (p != null && p.recipient() != null) {
                  for (StreamSession other : s.sessions()) {
                    if (!p.recipient().equals(other.clientId())) {
                      try {
                        other.write(frame(p));
                      } catch (java.io.IOException ignored) {
                        // that stream is gone
                      }
                    }
                  }
                }
                return a;
              }
            }),
        m("private-leaks-in-replay", 15, "replays other clients' private messages", false,
            () -> (Blocks) (st, b, s) -> {
              if (!b.event().equals("connected") || st.lastEventId() == null) {
                return List.of(b);
              }
              List<Block> out = new ArrayList<>(List.of(b));
              ProxyState.Published from = s.find(st.lastEventId());
              for (ProxyState.Published p : s.published()) {
                if (from != null && p.index() > from.index() && p.recipient() != null
                    && !p.recipient().equals(st.clientId())) {
                  out.add(frame(p));
                }
              }
              return out;
            }),
        m("private-leaks-in-missed", 15, "lists every private message in /missed, whoever asks", true,
            () -> (Answers) (r, a, s) -> {
              if (!r.path().equals("/v1/sse/missed") || a.status() != 200 || !(a.json() instanceof ArrayNode list)) {
                return a;
              }
              ProxyState.Published from = r.param("last_received_id") == null ? null : s.find(r.param("last_received_id"));
              for (ProxyState.Published p : s.published()) {
                if (p.recipient() != null && !p.recipient().equals(r.param("client_id"))
                    && (from == null || p.index() > from.index())) {
                  list.addObject().put("id", p.id()).put("event", p.event()).put("data", frame(p).data())
                      .put("timestamp", Instant.now().toString());
                }
              }
              return a.withBody(list.toString());
            }),
        m("unknown-client-accepted", 15, "accepts a private send to a client id it never saw", false,
            () -> (Answers) (r, a, s) -> a.status() == 404 && "UNKNOWN_CLIENT".equals(a.code())
                ? Answer.json(200, "{\"id\":\"lost-" + UUID.randomUUID() + "\"}") : a),
        m("missed-ignores-limit", 16, "ignores /v1/sse/missed's limit parameter", false,
            () -> (Requests) (r, s) -> r.path().equals("/v1/sse/missed") ? r.withParam("limit", null) : r),
        m("missed-re-quoted", 16, "lists a string's JSON encoding as its data in /missed", true,
            () -> (Answers) (r, a, s) -> {
              if (!r.path().equals("/v1/sse/missed") || !(a.json() instanceof ArrayNode list)) {
                return a;
              }
              for (JsonNode e : list) {
                ProxyState.Published p = s.find(e.path("id").asText());
                if (p != null && p.data() != null && p.data().isTextual()) {
                  ((ObjectNode) e).put("data", p.data().toString());
                }
              }
              return a.withBody(list.toString());
            }),
        m("acks-ignored", 17, "answers 204 to acks and records nothing", false,
            () -> new Mutation() {
              @Override
              public Answer intercept(Request r, ProxyState s) {
                return r.path().equals("/v1/sse/ack") && r.method().equals("POST") && !noAuth(r)
                    && r.json() != null && r.json().path("last_event_id").isTextual() ? Answer.json(204, "") : null;
              }
            }),
        m("acks-move-backwards", 17, "records the latest ack, even an older id", false, AckOverride::backwards),
        m("unknown-ack-accepted", 17, "accepts an ack for an id it never issued", false,
            () -> (Answers) (r, a, s) -> "UNKNOWN_EVENT_ID".equals(a.code()) ? Answer.json(204, "") : a),
        m("tracker-forgotten-on-disconnect", 17, "forgets a client when its stream ends", true,
            DeliveryMutants::forgetsOnDisconnect),
        m("tracker-forgotten-on-reconnect", 17, "starts a new tracker when a client reconnects", false,
            AckOverride::forgetsOnReconnect),
        m("slow-consumer-skipped", 18, "queues 10 messages per client and silently drops the rest", true,
            () -> new Mutation() {
              @Override
              public int dropWhenQueued() {
                return 10;
              }
            }));
  }

  private static Mutation forgetsOnDisconnect() {
    Set<String> forgotten = ConcurrentHashMap.newKeySet();
    return new Mutation() {
      @Override
      public Answer intercept(Request r, ProxyState s) {
        if (r.method().equals("POST") && r.path().startsWith("/v1/admin/clients/") && r.path().endsWith("/messages")) {
          String id = java.net.URLDecoder.decode(r.path().substring(18, r.path().length() - 9), StandardCharsets.UTF_8);
          if (forgotten.contains(id)) {
            return Answer.error(404, "UNKNOWN_CLIENT", "unknown client " + id);
          }
        }
        return null;
      }

      @Override
      public Request opening(StreamSession st, Request r, ProxyState s) {
        if (st.clientId() != null) {
          forgotten.remove(st.clientId());
        }
        return r;
      }

      @Override
      public void ended(StreamSession st, ProxyState s) {
        if (st.clientId() != null && s.sessions().stream().noneMatch(o -> st.clientId().equals(o.clientId()))) {
          forgotten.add(st.clientId());
        }
      }
    };
  }
}
