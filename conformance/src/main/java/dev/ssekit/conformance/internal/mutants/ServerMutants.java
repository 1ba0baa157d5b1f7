package dev.ssekit.conformance.internal.mutants;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ssekit.conformance.internal.Checks;
import dev.ssekit.conformance.internal.Wire;
import dev.ssekit.conformance.internal.mutants.Exchange.Answer;
import dev.ssekit.conformance.internal.mutants.Exchange.Request;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The broken hubs a proxy can make out of a correct one, each with one bug from issue 12's list or from the
 * seed differences in docs/PROTOCOL.md. Broken hubs that need the hub itself configured wrongly (an unbounded
 * buffer, no TTL, no rate limit, ...) live in the tests, which start such hubs.
 */
public final class ServerMutants {

  private ServerMutants() {}

  private static boolean admin(Request r) {
    return r.path().startsWith("/v1/admin/");
  }

  static boolean noAuth(Request r) {
    return r.header("authorization") == null && r.header("x-encrypted-token") == null && r.param("token") == null
        && r.param("encrypted_token") == null;
  }

  static ServerMutant m(String name, int clause, String bug, boolean seed, java.util.function.Supplier<Mutation> m) {
    return new ServerMutant(name, clause, bug, seed, m);
  }

  /** A mutation that changes requests only. */
  interface Requests extends Mutation {
    @Override
    Request request(Request r, ProxyState s) throws Exception;
  }

  /** A mutation that changes answers only. */
  interface Answers extends Mutation {
    @Override
    Answer answer(Request r, Answer a, ProxyState s) throws Exception;
  }

  /** A mutation that changes stream blocks only. */
  interface Blocks extends Mutation {
    @Override
    List<Block> block(StreamSession st, Block b, ProxyState s) throws Exception;
  }

  /** Changes the data of every connected event that carries a join position (clause 8). */
  private static Mutation joinPosition(java.util.function.Consumer<ObjectNode> change) {
    return (Blocks) (st, b, s) -> {
      if (b.event().equals("connected") && Checks.json(b.data()) instanceof ObjectNode o && o.has("last_event_id")) {
        change.accept(o);
        return List.of(b.withData(o.toString()));
      }
      return List.of(b);
    };
  }

  /** Whether a block replays a message published before its stream opened. */
  static boolean replayed(StreamSession st, Block b, ProxyState s) {
    ProxyState.Published p = b.id() == null ? null : s.find(b.id());
    return p != null && p.index() < st.publishedBefore();
  }

  /** A message framed from a /missed entry. */
  static Block frame(JsonNode entry) {
    return Block.message(entry.path("id").asText(), entry.path("event").asText(null), entry.path("data").asText(""));
  }

  /** A message framed from the proxy's publish record, as the hub frames its data. */
  static Block frame(ProxyState.Published p) {
    JsonNode d = p.data();
    String data = d == null || d.isNull() ? "" : d.isTextual() ? d.asText() : d.toString();
    return Block.message(p.id(), p.event(), data);
  }

  /**
   * Every proxy-made broken hub. {@code hubLog} may be null (then the logging mutant is left out); the logging
   * mutant appends its line to that file.
   */
  public static List<ServerMutant> all(Path hubLog) {
    return all(hubLog == null ? null : line -> {
      try {
        Files.writeString(hubLog, "WARN " + line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND,
            StandardOpenOption.CREATE);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  /**
   * Every proxy-made broken hub, the logging mutant writing through {@code logSink} (null leaves it out): a hub in
   * the same JVM holds its log file open at its own offset and would overwrite a line appended beside it, so
   * such a caller passes the hub's own logger.
   */
  public static List<ServerMutant> all(java.util.function.Consumer<String> logSink) {
    List<ServerMutant> all = new ArrayList<>(List.of(
        m("bearer-case-sensitive", 1, "strips only 'Bearer ' with that exact case", true,
            () -> (Requests) (r, s) -> {
              String a = r.header("authorization");
              return a != null && !a.startsWith("Bearer ") ? r.withHeader("authorization", "Bearer " + a) : r;
            }),
        m("stream-needs-no-token", 2, "opens streams without a token", false,
            () -> (Requests) (r, s) -> r.isStream() && noAuth(r) ? r.withHeader("authorization", "Bearer " + s.token()) : r),
        m("missed-needs-no-token", 2, "answers /v1/sse/missed without a token", false,
            () -> (Requests) (r, s) -> r.path().equals("/v1/sse/missed") && noAuth(r)
                ? r.withHeader("authorization", "Bearer " + s.token()) : r),
        m("ack-needs-no-token", 2, "takes acks without a token", false,
            () -> (Requests) (r, s) -> r.path().equals("/v1/sse/ack") && noAuth(r)
                ? r.withHeader("authorization", "Bearer " + s.token()) : r),
        m("short-token-crashes", 2, "fails with 500 on tokens shorter than five characters", true,
            () -> new Mutation() {
              @Override
              public Answer intercept(Request r, ProxyState s) {
                String t = r.token();
                return t != null && !t.isEmpty() && t.length() < 5 && !admin(r)
                    ? Answer.error(500, "SERVER_ERROR", "index out of range") : null;
              }
            }),
        m("cors-wrong-origin", 6, "answers a fixed Access-Control-Allow-Origin instead of echoing the origin", false,
            () -> (Answers) (r, a, s) -> a.header("access-control-allow-origin") == null ? a
                : a.withHeader("access-control-allow-origin", "https://other.example")),
        m("cors-no-exposed-headers", 6, "does not expose Retry-After and WWW-Authenticate", false,
            () -> (Answers) (r, a, s) -> a.withHeader("access-control-expose-headers", null)),
        m("preflight-without-origin", 6, "answers preflights without Access-Control-Allow-Origin", false,
            () -> (Answers) (r, a, s) -> r.method().equals("OPTIONS")
                ? a.withHeader("access-control-allow-origin", null) : a),
        m("replacing-stream-starves", 7, "a replacing stream gets connected and heartbeats but no messages", false,
            ServerMutants::replacingStreamStarves),
        m("rfc3339-timestamps", 8, "connected and heartbeat timestamps are RFC 3339 strings", true,
            () -> (Blocks) (st, b, s) -> {
              JsonNode d = Checks.json(b.data());
              if ((b.event().equals("connected") || b.event().equals("heartbeat")) && d instanceof ObjectNode o
                  && o.has("timestamp")) {
                o.put("timestamp", Instant.ofEpochMilli(o.get("timestamp").asLong()).toString());
                return List.of(b.withData(o.toString()));
              }
              return List.of(b);
            }),
        m("no-join-position", 8, "sends no join position, so a stream dropped before its first message loses "
            + "what is published until the reconnect", false,
            () -> joinPosition(o -> o.remove("last_event_id"))),
        m("join-position-made-up", 13, "gives a join position it cannot resume from (the resume gets a gap)", false,
            () -> joinPosition(o -> o.put("last_event_id", "join-" + UUID.randomUUID()))),
        m("heartbeat-as-comment", 9, "sends heartbeats as comments", false,
            () -> (Blocks) (st, b, s) -> b.event().equals("heartbeat") ? List.of(Block.of(": heartbeat")) : List.of(b)),
        m("one-data-line", 10, "writes multi-line data on one data: line", true,
            () -> (Blocks) (st, b, s) -> {
              String data = b.data();
              if (data == null || !data.contains("\n")) {
                return List.of(b);
              }
              List<String> lines = new ArrayList<>();
              b.lines().stream().filter(l -> !l.startsWith("data:")).forEach(lines::add);
              lines.add("data: " + data);
              return List.of(new Block(String.join("\n", lines).lines().toList()));
            }),
        m("replay-re-quoted", 10, "buffers a string's JSON encoding, so a replayed string comes back quoted", true,
            () -> (Blocks) (st, b, s) -> {
              ProxyState.Published p = b.id() == null ? null : s.find(b.id());
              return replayed(st, b, s) && p.data() != null && p.data().isTextual()
                  ? List.of(b.withData(p.data().toString())) : List.of(b);
            }),
        m("repeating-ids", 11, "makes ids from the clock in whole seconds, which repeat", true,
            () -> (Requests) (r, s) -> {
              JsonNode body = r.json();
              if (r.method().equals("POST") && admin(r) && !r.path().endsWith("/faults") && body instanceof ObjectNode o
                  && !o.hasNonNull("id")) {
                o.put("id", "t" + Instant.now().getEpochSecond());
                return r.withBody(o.toString().getBytes(StandardCharsets.UTF_8));
              }
              return r;
            }),
        m("replay-then-subscribe", 13, "replays from the buffer, then subscribes: loses what is published between",
            false, () -> new SeamMutation(true)),
        m("subscribe-then-replay-unfiltered", 13, "subscribes, then replays the buffer without skipping what the "
            + "live queue already holds: doubles it", false, () -> new SeamMutation(false)),
        m("query-last-event-id-ignored", 13, "ignores last_event_id in the query", false,
            () -> (Requests) (r, s) -> r.isStream() ? r.withParam("last_event_id", null) : r),
        m("never-replays", 13, "ignores Last-Event-ID on the stream: only /missed returns old messages", true,
            () -> (Requests) (r, s) -> r.isStream() ? r.withHeader("last-event-id", null).withParam("last_event_id", null)
                : r),
        m("buffers-only-caller-ids", 13, "buffers only messages that already carry an id", true,
            () -> new Mutation() {
              @Override
              public List<Block> block(StreamSession st, Block b, ProxyState s) {
                ProxyState.Published p = b.id() == null ? null : s.find(b.id());
                return replayed(st, b, s) && !p.callerId() ? List.of() : List.of(b);
              }

              @Override
              public Answer answer(Request r, Answer a, ProxyState s) {
                return r.path().equals("/v1/sse/missed") ? filterMissed(a, e -> {
                  ProxyState.Published p = s.find(e.path("id").asText());
                  return p == null || p.callerId();
                }) : a;
              }
            }),
        m("gap-without-replay", 14, "sends the gap, then only live messages", false,
            () -> (Blocks) (st, b, s) -> {
              if (b.event().equals("gap")) {
                st.attributes().put("gap", true);
              }
              return st.attributes().containsKey("gap") && replayed(st, b, s) ? List.of() : List.of(b);
            }),
        m("replay-without-gap", 14, "replays after an unknown id without saying so", true,
            () -> (Blocks) (st, b, s) -> b.event().equals("gap") ? List.of() : List.of(b)),
        m("newest-as-oldest", 14, "reports the newest held id as oldest_available_id", false,
            () -> (Blocks) (st, b, s) -> {
              List<ProxyState.Published> held = s.published();
              JsonNode d = Checks.json(b.data());
              if (b.event().equals("gap") && d instanceof ObjectNode o && !held.isEmpty()) {
                o.put("oldest_available_id", held.get(held.size() - 1).id());
                return List.of(b.withData(o.toString()));
              }
              return List.of(b);
            }),
        m("admin-needs-no-token", 19, "serves the admin API without a token", false,
            () -> (Requests) (r, s) -> admin(r) && noAuth(r) ? r.withHeader("authorization", "Bearer " + s.adminToken()) : r),
        m("fault-stall-ignored", 20, "answers the stall fault but never stalls", false, () -> ignoresFault("stall")),
        m("fault-cut-ignored", 20, "answers the cut fault but never cuts", false, () -> ignoresFault("cut")),
        m("no-allow-header", 22, "answers 405 without Allow", false,
            () -> (Answers) (r, a, s) -> a.status() == 405 ? a.withHeader("allow", null) : a),
        m("no-413", 22, "reads a huge body and answers 400 instead of 413", false,
            () -> (Answers) (r, a, s) -> a.status() == 413 ? Answer.error(400, "BAD_REQUEST", "malformed JSON") : a)));
    all.add(m("stop-keeps-serving", 21, "keeps answering 200 after stop", false, () -> Mutation.compose(Guards.stop(),
        (Answers) (r, a, s) -> a.status() == 503 ? Answer.json(200, "{\"status\":\"ok\",\"clients\":0}") : a)));
    all.add(m("stop-leaves-streams-open", 21, "stops publishing but leaves open streams open", false,
        () -> Mutation.compose(Guards.stop(), new Mutation() {
          @Override
          public boolean holdOpen(StreamSession st, ProxyState s) throws Exception {
            return s.forward(new Request("GET", "/healthz", null, Map.of(), null)).status() == 503;
          }
        })));
    all.add(m("principal-takeover-allowed", 23, "lets another principal take over a client id's stream", false,
        () -> Guards.principals(false, true, true)));
    all.add(m("principal-missed-open", 23, "lists a client's missed messages to any principal", false,
        () -> Guards.principals(true, false, true)));
    all.add(m("principal-ack-open", 23, "takes acks for a client id from any principal", false,
        () -> Guards.principals(true, true, false)));
    all.addAll(DeliveryMutants.all());
    all.addAll(SentenceMutants.all());
    all.addAll(InputMutants.all());
    all.addAll(BoundsMutants.all());
    all.addAll(ServingMutants.all());
    all.addAll(LimiterMutants.all());
    if (logSink != null) {
      all.add(m("token-logged-in-part", 5, "logs the first characters of a refused token", true, () -> (Answers) (r, a, s) -> {
        String t = r.token();
        if (a.status() == 403 && t != null && t.length() >= 8) {
          logSink.accept("invalid token " + t.substring(0, 8) + "...");
        }
        return a;
      }));
    }
    return all;
  }

  /** Filters a /missed answer's entries. */
  static Answer filterMissed(Answer a, java.util.function.Predicate<JsonNode> keep) {
    if (!(a.json() instanceof ArrayNode list)) {
      return a;
    }
    ArrayNode out = Wire.JSON.createArrayNode();
    list.forEach(e -> {
      if (keep.test(e)) {
        out.add(e);
      }
    });
    return a.withBody(out.toString());
  }

  private static Mutation ignoresFault(String type) {
    return new Mutation() {
      @Override
      public Answer intercept(Request r, ProxyState s) {
        JsonNode body = r.json();
        return r.path().equals("/v1/admin/faults") && body != null && type.equals(body.path("type").asText())
            && !noAuth(r) ? Answer.json(200, "{\"type\":\"" + type + "\",\"affected\":1}") : null;
      }
    };
  }

  private static Mutation replacingStreamStarves() {
    Map<String, Integer> opened = new ConcurrentHashMap<>();
    return new Mutation() {
      @Override
      public Request opening(StreamSession st, Request r, ProxyState s) {
        if (st.clientId() != null) {
          boolean open = s.sessions().stream().anyMatch(o -> st.clientId().equals(o.clientId()));
          if (open) {
            st.attributes().put("starved", true);
          }
          opened.merge(st.clientId(), 1, Integer::sum);
        }
        return r;
      }

      @Override
      public List<Block> block(StreamSession st, Block b, ProxyState s) {
        boolean keep = !st.attributes().containsKey("starved") || b.event().equals("connected")
            || b.event().equals("heartbeat");
        return keep ? List.of(b) : List.of();
      }
    };
  }
}
