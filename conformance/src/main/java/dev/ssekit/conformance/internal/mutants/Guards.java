package dev.ssekit.conformance.internal.mutants;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.conformance.internal.mutants.Exchange.Answer;
import dev.ssekit.conformance.internal.mutants.Exchange.Request;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Proxies around two rules: 503 from every endpoint after a stop (clause 21), added to a hub that may not have
 * it, so the broken hubs for that clause have a passing base; and client ids owned by principals (clause 23), with
 * the holes the broken hubs for that clause need. In front of a hub that already follows the rule, with nothing
 * switched off, they change nothing.
 */
public final class Guards {

  private Guards() {}

  /**
   * The ownership rule of clause 23 with holes in it: a flag that is off lets another principal through on that
   * kind of request (stream, {@code /missed}, ack) as if it were the owner (identity taken from the client id, not
   * the credential) — the request goes to the hub with the owner's token, the first one that opened a stream for
   * the id. With every flag on it changes nothing: the hub's own rule answers (the reference hub has had it since
   * issue 11).
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
      public Request opening(StreamSession st, Request r, ProxyState s) {
        String principal = r.token();
        String client = client(r);
        if (principal != null && client != null) {
          owners.putIfAbsent(client, principal);
        }
        return r;
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
