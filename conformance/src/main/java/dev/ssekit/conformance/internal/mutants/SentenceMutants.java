package dev.ssekit.conformance.internal.mutants;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ssekit.conformance.internal.Checks;
import dev.ssekit.conformance.internal.Ids;
import dev.ssekit.conformance.internal.Wire;
import dev.ssekit.conformance.internal.mutants.Exchange.Answer;
import dev.ssekit.conformance.internal.mutants.Exchange.Request;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Broken hubs for sentences of docs/PROTOCOL.md that no check read before issue 20: each breaks one such sentence
 * and must fail the check written for it.
 */
final class SentenceMutants {

  private SentenceMutants() {}

  static List<ServerMutant> all() {
    return List.of(
        new ServerMutant("stream-ignores-query-token", 1, "reads the token query parameter on /missed and acks but "
            + "not on the stream", false, SentenceMutants::streamIgnoresQueryToken),
        new ServerMutant("auth-failures-count-only-401", 19, "counts 401 answers in auth_failures but not 403",
            false, SentenceMutants::authFailuresCountOnly401),
        new ServerMutant("query-escapes-made-replacement-chars", 7, "turns percent-escapes in the query that are "
            + "not UTF-8 into U+FFFD instead of refusing them, so distinct client ids become one", false,
            SentenceMutants::queryEscapesReplaced),
        new ServerMutant("reject-after-auth", 20, "checks the token before an injected reject, so a connect "
            + "with no token gets 401 and leaves the reject for the next one", false, SentenceMutants::rejectAfterAuth),
        new ServerMutant("takeover-conflicts-not-counted", 23, "leaves 409 CLIENT_ID_IN_USE answers out of "
            + "auth_failures", false, () -> uncounted(409, "CLIENT_ID_IN_USE")),
        new ServerMutant("principal-by-credential-form", 23, "ties a client id to the token as it was sent, so "
            + "the same token in the header is another principal than in the query", false,
            SentenceMutants::principalByCredentialForm),
        new ServerMutant("join-position-from-tracker", 8, "gives a reused client id the last id its tracker "
            + "sent as join position, not the newest message", false, SentenceMutants::joinFromTracker),
        new ServerMutant("join-origin-without-run", 8, "gives \"0\" as join position before the first publish, "
            + "not <run>-0", false, SentenceMutants::joinOriginWithoutRun),
        new ServerMutant("origin-resume-is-gap", 13, "treats the origin <run>-0 as an unknown id: a gap notice "
            + "although the run's first message is held", false, SentenceMutants::originResumeIsGap),
        new ServerMutant("origin-replays-nothing", 13, "treats a resume from the origin <run>-0 as a fresh "
            + "connect: live messages only", false, SentenceMutants::originReplaysNothing),
        new ServerMutant("long-ids-truncated", 11, "cuts a caller's id over 256 characters to 256 instead of "
            + "refusing it", false, SentenceMutants::longIdsTruncated),
        new ServerMutant("expired-claim-sees-private", 23, "keys private messages by client id alone: whoever "
            + "claims an expired id gets the private messages sent to it before", false,
            SentenceMutants::expiredClaimSeesPrivate),
        new ServerMutant("missed-limit-counts-hidden", 16, "applies /missed's limit before dropping other clients' "
            + "private messages, so a page holds fewer than limit", false, SentenceMutants::limitCountsHidden),
        new ServerMutant("ack-of-others-private-accepted", 17, "accepts (204) an ack that names another client's "
            + "private message, telling the acking client that the id exists", false,
            SentenceMutants::ackOfOthersPrivateAccepted),
        new ServerMutant("gap-headers-not-exposed", 6, "exposes Retry-After and WWW-Authenticate to scripts but not "
            + "X-Ssekit-Gap and X-Ssekit-More", false, SentenceMutants::gapHeadersNotExposed));
  }

  private static Mutation streamIgnoresQueryToken() {
    return new Mutation() {
      @Override
      public Request request(Request r, ProxyState s) {
        return r.isStream() ? r.withParam("token", null) : r;
      }
    };
  }

  /** The query decoded leniently (URLDecoder makes bad bytes U+FFFD) and sent on as valid UTF-8. */
  private static Mutation queryEscapesReplaced() {
    return new Mutation() {
      @Override
      public Request request(Request r, ProxyState s) {
        String client = r.param("client_id");
        return client != null ? r.withParam("client_id", client) : r;
      }
    };
  }

  /** A tokenless connect goes to an endpoint that refuses it with the hub's own 401 and takes no reject. */
  private static Mutation rejectAfterAuth() {
    return new Mutation() {
      @Override
      public Request request(Request r, ProxyState s) {
        return r.isStream() && r.token() == null
            ? new Request("GET", "/v1/sse/missed", r.query(), r.headers(), new byte[0]) : r;
      }
    };
  }

  private static Mutation authFailuresCountOnly401() {
    return uncounted(403, "FORBIDDEN");
  }

  /** A hub that does not count the answers of this status and code in {@code auth_failures}. */
  static Mutation uncounted(int status, String code) {
    AtomicLong answered = new AtomicLong();
    return new Mutation() {
      @Override
      public Answer answer(Request r, Answer a, ProxyState s) {
        if (a.status() == status && code.equals(a.code())) {
          answered.incrementAndGet();
        }
        if (r.path().equals("/v1/admin/stats") && a.status() == 200 && a.json() instanceof ObjectNode o
            && o.has("auth_failures")) {
          o.put("auth_failures", o.get("auth_failures").asLong() - answered.get());
          return a.withBody(o.toString());
        }
        return a;
      }
    };
  }

  private static String streamClient(Request r) {
    return r.header("x-client-id") != null ? r.header("x-client-id") : r.param("client_id");
  }

  private static Mutation principalByCredentialForm() {
    Map<String, String> forms = new ConcurrentHashMap<>();
    return new Mutation() {
      @Override
      public Answer intercept(Request r, ProxyState s) {
        String client = r.isStream() ? streamClient(r) : null;
        String token = r.token();
        if (client == null || token == null) {
          return null;
        }
        String form = (r.header("authorization") != null ? "header " : "query ") + token;
        String first = forms.putIfAbsent(client, form);
        if (first == null || first.equals(form) || !first.endsWith(" " + token)) {
          return null; // the first open, the same form, or another principal (the hub's own rule answers)
        }
        boolean open = s.sessions().stream().anyMatch(o -> client.equals(o.clientId()));
        return open ? Answer.error(409, "CLIENT_ID_IN_USE", "client id in use by another principal")
            : Answer.error(403, "CLIENT_ID_FORBIDDEN", "client id belongs to another principal");
      }
    };
  }

  /** The connected event's data as an object with a join position, or null. */
  private static ObjectNode joinOf(Block b) {
    return b.event().equals("connected") && Checks.json(b.data()) instanceof ObjectNode o && o.has("last_event_id")
        ? o : null;
  }

  private static Mutation joinFromTracker() {
    Map<String, String> lastSent = new ConcurrentHashMap<>();
    return new Mutation() {
      @Override
      public List<Block> block(StreamSession st, Block b, ProxyState s) {
        ObjectNode join = joinOf(b);
        if (join != null && st.clientId() != null && lastSent.containsKey(st.clientId())) {
          join.put("last_event_id", lastSent.get(st.clientId()));
          return List.of(b.withData(join.toString()));
        }
        if (b.id() != null && st.clientId() != null) {
          lastSent.put(st.clientId(), b.id());
        }
        return List.of(b);
      }
    };
  }

  private static Mutation joinOriginWithoutRun() {
    return new Mutation() {
      @Override
      public List<Block> block(StreamSession st, Block b, ProxyState s) {
        ObjectNode join = joinOf(b);
        String id = join == null ? null : join.path("last_event_id").asText(null);
        if (id != null && Ids.run(id) != null && Ids.seq(id) == 0) {
          join.put("last_event_id", "0");
          return List.of(b.withData(join.toString()));
        }
        return List.of(b);
      }
    };
  }

  /** Whether the stream resumes from a run's origin {@code <run>-0}. */
  private static boolean fromOrigin(StreamSession st) {
    String last = st.lastEventId();
    return last != null && Ids.run(last) != null && Ids.seq(last) == 0;
  }

  private static Mutation originResumeIsGap() {
    return new Mutation() {
      @Override
      public List<Block> block(StreamSession st, Block b, ProxyState s) {
        if (!b.event().equals("connected") || !fromOrigin(st)) {
          return List.of(b);
        }
        List<ProxyState.Published> held = s.published();
        ObjectNode gap = Wire.JSON.createObjectNode().put("last_event_id", st.lastEventId())
            .put("oldest_available_id", held.isEmpty() ? null : held.get(0).id());
        return List.of(b, Block.of("event: gap", "data: " + gap));
      }
    };
  }

  private static Mutation originReplaysNothing() {
    return new Mutation() {
      @Override
      public List<Block> block(StreamSession st, Block b, ProxyState s) {
        return fromOrigin(st) && ServerMutants.replayed(st, b, s) ? List.of() : List.of(b);
      }
    };
  }

  private static Mutation longIdsTruncated() {
    return new Mutation() {
      @Override
      public Request request(Request r, ProxyState s) {
        if (r.method().equals("POST") && r.path().startsWith("/v1/admin/") && r.json() instanceof ObjectNode o
            && o.path("id").isTextual() && o.get("id").asText().length() > 256) {
          o.put("id", o.get("id").asText().substring(0, 256));
          return r.withBody(o.toString().getBytes(StandardCharsets.UTF_8));
        }
        return r;
      }
    };
  }

  private static Mutation expiredClaimSeesPrivate() {
    Map<String, String> firstPrincipal = new ConcurrentHashMap<>();
    return new Mutation() {
      @Override
      public List<Block> block(StreamSession st, Block b, ProxyState s) {
        String client = st.clientId();
        String principal = st.request().token();
        if (!b.event().equals("connected") || client == null || principal == null) {
          return List.of(b);
        }
        String first = firstPrincipal.putIfAbsent(client, principal);
        List<Block> out = new ArrayList<>(List.of(b));
        if (first != null && !first.equals(principal)) {
          for (ProxyState.Published p : s.published()) {
            if (client.equals(p.recipient())) {
              out.add(ServerMutants.frame(p));
            }
          }
        }
        return out;
      }
    };
  }

  private static Mutation limitCountsHidden() {
    return new Mutation() {
      @Override
      public Request request(Request r, ProxyState s) {
        String limit = r.path().equals("/v1/sse/missed") ? r.param("limit") : null;
        return limit == null ? r : r.withParam("limit", "1000").withHeader("x-conformance-limit", limit);
      }

      @Override
      public Answer answer(Request r, Answer a, ProxyState s) {
        String limit = r.header("x-conformance-limit");
        if (limit == null || a.status() != 200 || !(a.json() instanceof ArrayNode visible)) {
          return a;
        }
        // the page the hub would give if it counted, in publish order, the others' private messages too
        ProxyState.Published from = r.param("last_received_id") == null ? null : s.find(r.param("last_received_id"));
        List<JsonNode> merged = new ArrayList<>();
        visible.forEach(merged::add);
        for (ProxyState.Published p : s.published()) {
          if (p.recipient() != null && !p.recipient().equals(r.param("client_id"))
              && (from == null || p.index() > from.index())) {
            merged.add(Wire.JSON.createObjectNode().put("id", p.id()).put("hidden", true));
          }
        }
        merged.sort(java.util.Comparator.comparingInt(e -> {
          ProxyState.Published p = s.find(e.path("id").asText());
          return p == null ? -1 : p.index();
        }));
        int n = Integer.parseInt(limit);
        ArrayNode page = Wire.JSON.createArrayNode();
        merged.stream().limit(n).filter(e -> !e.has("hidden")).forEach(page::add);
        Answer out = a.withBody(page.toString());
        return merged.size() > n ? out.withHeader("x-ssekit-more", "true") : out.withHeader("x-ssekit-more", null);
      }
    };
  }

  private static Mutation ackOfOthersPrivateAccepted() {
    return new Mutation() {
      @Override
      public Answer answer(Request r, Answer a, ProxyState s) {
        JsonNode body = r.path().equals("/v1/sse/ack") && a.status() == 400 ? r.json() : null;
        ProxyState.Published p = body == null ? null : s.find(body.path("last_event_id").asText());
        return p != null && p.recipient() != null && !p.recipient().equals(body.path("client_id").asText())
            ? new Answer(204, Map.of(), new byte[0]) : a;
      }
    };
  }

  private static Mutation gapHeadersNotExposed() {
    return new Mutation() {
      @Override
      public Answer answer(Request r, Answer a, ProxyState s) {
        return a.header("access-control-expose-headers") == null ? a
            : a.withHeader("access-control-expose-headers", "Retry-After, WWW-Authenticate");
      }
    };
  }
}
