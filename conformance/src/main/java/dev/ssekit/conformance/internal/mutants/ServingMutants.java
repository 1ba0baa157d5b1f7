package dev.ssekit.conformance.internal.mutants;

import dev.ssekit.conformance.internal.mutants.Exchange.Answer;
import dev.ssekit.conformance.internal.mutants.Exchange.Request;
import java.util.List;

/**
 * Broken hubs for sentences of clauses 18-22 that no check read before: a stalled reader delaying others (18),
 * the path's {@code {id}} decoded wrongly (19), a disconnect counted after its answer (20), {@code HEAD} (22).
 * Each must fail its check.
 */
final class ServingMutants {

  private ServingMutants() {}

  static List<ServerMutant> all() {
    return List.of(
        new ServerMutant("one-lock-for-all-writes", 18, "writes to every stream under one lock, so a client that "
            + "does not read holds up delivery to all the others", false, ServingMutants::oneLockForAllWrites),
        new ServerMutant("head-always-200", 22, "answers every HEAD 200, as a catch-all HEAD route does, even "
            + "where GET is 404", false,
            () -> new Mutation() {
              @Override
              public Answer intercept(Request r, ProxyState s) {
                return r.method().equals("HEAD") ? Answer.json(200, "{}") : null;
              }
            }),
        new ServerMutant("head-without-headers", 22, "answers HEAD with the status but none of its headers "
            + "(no Content-Type, no Allow)", false,
            () -> new Mutation() {
              @Override
              public Answer answer(Request r, Answer a, ProxyState s) {
                return r.method().equals("HEAD") ? a.withHeader("content-type", null).withHeader("allow", null) : a;
              }
            }),
        new ServerMutant("path-form-decoded", 19, "decodes the {id} of an admin path as a form value: a '+' "
            + "becomes a space", false, () -> new Mutation() {
              @Override
              public Request request(Request r, ProxyState s) {
                return r.path().startsWith("/v1/admin/clients/") && r.path().contains("+")
                    ? new Request(r.method(), r.path().replace("+", "%20"), r.query(), r.headers(), r.body()) : r;
              }
            }),
        new ServerMutant("path-bad-utf8-lenient", 19, "decodes escapes that are not UTF-8 in a path as U+FFFD, "
            + "so they name an unknown client (404) instead of 400", false, () -> new Mutation() {
              @Override
              public Answer intercept(Request r, ProxyState s) {
                return r.path().startsWith("/v1/admin/clients/") && r.path().toUpperCase().contains("%FF")
                    && !noAuthAdmin(r) ? Answer.error(404, "UNKNOWN_CLIENT", "unknown client") : null;
              }
            }),
        new ServerMutant("disconnect-counted-until-gone", 20, "answers the disconnect fault before its streams "
            + "have left: they still count as connected for a while", false, ServingMutants::countedUntilGone));
  }

  private static boolean noAuthAdmin(Request r) {
    return r.header("authorization") == null;
  }

  /** For two seconds after a disconnect of one client id, adds it back to every count of connected clients. */
  private static Mutation countedUntilGone() {
    java.util.Map<String, Long> leaving = new java.util.concurrent.ConcurrentHashMap<>();
    return new Mutation() {
      @Override
      public Answer answer(Request r, Answer a, ProxyState s) {
        com.fasterxml.jackson.databind.JsonNode body = r.json();
        if (r.path().equals("/v1/admin/faults") && body != null && "disconnect".equals(body.path("type").asText())
            && body.hasNonNull("client_id")) {
          leaving.put(body.get("client_id").asText(), System.nanoTime() + 2_000_000_000L);
          return a;
        }
        leaving.values().removeIf(until -> until < System.nanoTime());
        int extra = leaving.size();
        if (extra == 0 || a.status() != 200) {
          return a;
        }
        com.fasterxml.jackson.databind.JsonNode json = a.json();
        if (r.path().equals("/healthz") && json instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
          o.put("clients", o.path("clients").asLong() + extra);
          return a.withBody(o.toString());
        }
        if (r.path().equals("/v1/admin/stats") && json instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
          o.put("connections", o.path("connections").asLong() + extra);
          return a.withBody(o.toString());
        }
        if (r.path().equals("/v1/admin/clients") && json instanceof com.fasterxml.jackson.databind.node.ArrayNode list) {
          leaving.keySet().forEach(id -> list.addObject().put("client_id", id));
          return a.withBody(list.toString());
        }
        return a;
      }
    };
  }

  private static Mutation oneLockForAllWrites() {
    Object lock = new Object();
    return new Mutation() {
      @Override
      public List<Block> block(StreamSession st, Block b, ProxyState s) throws Exception {
        synchronized (lock) {
          st.write(b);
        }
        return List.of();
      }
    };
  }
}
