package dev.ssekit.conformance.internal.mutants;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.conformance.internal.mutants.Exchange.Answer;
import dev.ssekit.conformance.internal.mutants.Exchange.Request;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Proxies that add to a hub a rule it may not have yet, so that the broken hubs for those clauses have a
 * passing base: client ids owned by principals (clause 23) and 503 from every endpoint after a stop (clause
 * 21). In front of a hub that already follows the rule they change nothing.
 */
public final class Guards {

  private Guards() {}

  /**
   * A client id belongs to the token that first opened a stream for it; another token gets 403 on its stream,
   * {@code /missed} and ack, and 409 when its stream is open. A flag that is off turns that refusal into the
   * bug: the request goes to the hub as the owner's (identity taken from the client id, not the credential).
   */
  public static Mutation principals(boolean stream, boolean missed, boolean ack) {
    Map<String, String> owners = new ConcurrentHashMap<>();
    return new Mutation() {
      /** The client id a request names and whether this guard refuses others on it, or null. */
      private String client(Request r) {
        if (r.isStream()) {
          return r.header("x-client-id") != null ? r.header("x-client-id") : r.param("client_id");
        }
        if (r.path().equals("/v1/sse/missed")) {
          return r.param("client_id");
        }
        if (r.path().equals("/v1/sse/ack")) {
          JsonNode body = r.json();
          return body == null ? null : body.path("client_id").asText(null);
        }
        return null;
      }

      private boolean refuses(Request r) {
        return r.isStream() ? stream : r.path().equals("/v1/sse/missed") ? missed : ack;
      }

      @Override
      public Answer intercept(Request r, ProxyState s) {
        String principal = r.token();
        String client = client(r);
        if (principal == null || client == null) {
          return null;
        }
        String owner = r.isStream() ? owners.putIfAbsent(client, principal) : owners.get(client);
        if (owner == null || owner.equals(principal) || !refuses(r)) {
          return null;
        }
        if (r.isStream() && s.sessions().stream().anyMatch(o -> client.equals(o.clientId()))) {
          return Answer.error(409, "CONFLICT", "client id in use by another principal");
        }
        return Answer.error(403, "FORBIDDEN", "client id belongs to another principal");
      }

      @Override
      public Request request(Request r, ProxyState s) {
        String principal = r.token();
        String client = client(r);
        String owner = client == null ? null : owners.get(client);
        if (principal == null || owner == null || owner.equals(principal) || refuses(r)) {
          return r;
        }
        return r.withParam("token", null).withHeader("authorization", "Bearer " + owner);
      }
    };
  }

  /** Once the hub has answered 503 SERVICE_UNAVAILABLE, every endpoint answers it. */
  public static Mutation stop() {
    AtomicBoolean stopped = new AtomicBoolean();
    return new Mutation() {
      @Override
      public Answer intercept(Request r, ProxyState s) {
        return stopped.get() ? Answer.error(503, "SERVICE_UNAVAILABLE", "hub is stopped") : null;
      }

      @Override
      public Answer answer(Request r, Answer a, ProxyState s) {
        if (a.status() == 503 && "SERVICE_UNAVAILABLE".equals(a.code())) {
          stopped.set(true);
        }
        return a;
      }
    };
  }
}
