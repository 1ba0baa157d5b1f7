package dev.ssekit.conformance.internal.mutants;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ssekit.conformance.internal.Checks;
import dev.ssekit.conformance.internal.Ids;
import dev.ssekit.conformance.internal.mutants.Exchange.Answer;
import dev.ssekit.conformance.internal.mutants.Exchange.Request;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Broken hubs for the input, framing and bookkeeping sentences of docs/PROTOCOL.md that issue 20 added checks
 * for: an empty token (clause 1), client ids (7), the order of a message's lines (10), ids of an earlier run (14),
 * {@code limit} (16), acks for unknown clients (17), {@code event_types} (19), the reject count and disconnecting
 * everyone (20), strict JSON (22).
 */
final class InputMutants {

  private InputMutants() {}

  static List<ServerMutant> all() {
    return List.of(
        new ServerMutant("client-id-query-wins", 7, "takes client_id from the query over the X-Client-ID header",
            false, InputMutants::clientIdQueryWins),
        new ServerMutant("guessable-client-ids", 7, "makes client ids by counting (c-1, c-2, ...)", false,
            InputMutants::guessableClientIds),
        new ServerMutant("missed-limit-capped", 16, "reads a limit over 1000 as 1000 instead of refusing it", false,
            InputMutants::limitCapped),
        new ServerMutant("ack-creates-tracker", 17, "accepts an ack for a client id it does not know", false,
            InputMutants::ackCreatesTracker),
        new ServerMutant("event-types-unsorted", 19, "lists event_types newest first", false,
            InputMutants::eventTypesUnsorted),
        new ServerMutant("json-duplicate-keys-accepted", 22, "reads a duplicate key, the last one winning", false,
            () -> reparsed(r -> r.path().equals("/v1/sse/ack"))),
        new ServerMutant("numbers-as-doubles", 22, "reads a payload's numbers as doubles, rounding them", false,
            () -> reparsed(r -> r.path().equals("/v1/admin/broadcast"))),
        new ServerMutant("empty-token-forbidden", 1, "takes an empty token for an invalid one (403, not 401)", false,
            InputMutants::emptyTokenForbidden),
        new ServerMutant("retry-after-data", 10, "writes retry: after the data lines", false,
            InputMutants::retryAfterData),
        new ServerMutant("earlier-run-id-resumes", 14, "reads only the <seq> of an id, so an id of an earlier run "
            + "resumes after this run's message with that seq, without a gap", false, InputMutants::seqOnly),
        new ServerMutant("reject-count-ignored", 20, "rejects one connect whatever the count", false,
            () -> faultRewritten("reject", o -> o.put("count", 1))),
        new ServerMutant("disconnect-all-ignored", 20, "disconnects nobody when no client_id is given", false,
            () -> faultRewritten("disconnect", o -> {
              if (!o.has("client_id")) {
                o.put("client_id", "conf-nobody");
              }
            })));
  }

  private static Mutation emptyTokenForbidden() {
    return new Mutation() {
      @Override
      public Answer intercept(Request r, ProxyState s) {
        boolean client = r.isStream() || r.path().equals("/v1/sse/missed") || r.path().equals("/v1/sse/ack");
        String header = r.header("authorization");
        boolean empty = header != null && header.isBlank() || "".equals(r.param("token"));
        return client && empty ? Answer.error(403, "FORBIDDEN", "Invalid or expired token/api-key") : null;
      }
    };
  }

  private static Mutation retryAfterData() {
    return new Mutation() {
      @Override
      public List<Block> block(StreamSession st, Block b, ProxyState s) {
        if (b.id() == null || b.field("retry") == null) {
          return List.of(b);
        }
        List<String> lines = new ArrayList<>();
        b.lines().stream().filter(l -> !l.startsWith("retry")).forEach(lines::add);
        b.lines().stream().filter(l -> l.startsWith("retry")).forEach(lines::add);
        return List.of(new Block(lines));
      }
    };
  }

  private static Mutation seqOnly() {
    return new Mutation() {
      @Override
      public Request request(Request r, ProxyState s) {
        String last = r.isStream() ? r.header("last-event-id") : null;
        String run = last == null ? null : Ids.run(last);
        String current = s.published().stream().filter(p -> !p.callerId()).map(p -> Ids.run(p.id()))
            .filter(java.util.Objects::nonNull).findFirst().orElse(null);
        return run != null && current != null && !run.equals(current)
            ? r.withHeader("last-event-id", current + "-" + Ids.seq(last)) : r;
      }
    };
  }

  private static Mutation faultRewritten(String type, java.util.function.Consumer<ObjectNode> change) {
    return new Mutation() {
      @Override
      public Request request(Request r, ProxyState s) {
        if (r.path().equals("/v1/admin/faults") && r.json() instanceof ObjectNode o
            && type.equals(o.path("type").asText())) {
          change.accept(o);
          return r.withBody(o.toString().getBytes(StandardCharsets.UTF_8));
        }
        return r;
      }
    };
  }

  private static Mutation clientIdQueryWins() {
    return new Mutation() {
      @Override
      public Request request(Request r, ProxyState s) {
        String query = r.isStream() ? r.param("client_id") : null;
        return query != null && r.header("x-client-id") != null ? r.withHeader("x-client-id", query) : r;
      }
    };
  }

  private static Mutation guessableClientIds() {
    AtomicInteger next = new AtomicInteger();
    return new Mutation() {
      @Override
      public List<Block> block(StreamSession st, Block b, ProxyState s) {
        if (b.event().equals("connected") && Checks.json(b.data()) instanceof ObjectNode o
            && o.path("client_id").asText("").matches("c-[0-9a-f]{32}")) {
          o.put("client_id", "c-" + next.incrementAndGet());
          return List.of(b.withData(o.toString()));
        }
        return List.of(b);
      }
    };
  }

  private static Mutation limitCapped() {
    return new Mutation() {
      @Override
      public Request request(Request r, ProxyState s) {
        String limit = r.path().equals("/v1/sse/missed") ? r.param("limit") : null;
        return limit != null && limit.matches("\\d{4,}") && Long.parseLong(limit) > 1000
            ? r.withParam("limit", "1000") : r;
      }
    };
  }

  private static Mutation ackCreatesTracker() {
    return new Mutation() {
      @Override
      public Answer answer(Request r, Answer a, ProxyState s) {
        return r.path().equals("/v1/sse/ack") && "UNKNOWN_CLIENT".equals(a.code()) ? Answer.json(204, "") : a;
      }
    };
  }

  private static Mutation eventTypesUnsorted() {
    return new Mutation() {
      @Override
      public Answer answer(Request r, Answer a, ProxyState s) {
        if (!r.path().equals("/v1/admin/stats") || !(a.json() instanceof ObjectNode o)
            || !(o.get("event_types") instanceof ArrayNode types) || types.size() < 2) {
          return a;
        }
        List<JsonNode> reversed = new ArrayList<>();
        types.forEach(reversed::add);
        Collections.reverse(reversed);
        types.removeAll();
        reversed.forEach(types::add);
        return a.withBody(o.toString());
      }
    };
  }

  /**
   * Reads the bodies of these POSTs leniently, as Jackson's default reader does (a duplicate key: the last wins;
   * a fraction: a double), and sends the hub what that reading kept.
   */
  private static Mutation reparsed(java.util.function.Predicate<Request> which) {
    return new Mutation() {
      @Override
      public Request request(Request r, ProxyState s) {
        if (!r.method().equals("POST") || r.body() == null || !which.test(r)) {
          return r;
        }
        JsonNode lenient = r.json();
        return lenient == null ? r : r.withBody(lenient.toString().getBytes(StandardCharsets.UTF_8));
      }
    };
  }
}
