package dev.ssekit.conformance.internal.mutants;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ssekit.conformance.internal.mutants.Exchange.Answer;
import dev.ssekit.conformance.internal.mutants.Exchange.Request;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Broken hubs for clause 24, the bounds per principal: each must fail its check. */
final class BoundsMutants {

  private BoundsMutants() {}

  static List<ServerMutant> all() {
    return List.of(
        new ServerMutant("streams-past-bound-let-through", 24, "lets a principal's streams past its bound (counts "
            + "them against another principal)", false, BoundsMutants::streamsLetThrough),
        new ServerMutant("replacing-stream-refused", 24, "refuses a stream that replaces the principal's own open "
            + "stream with 429 TOO_MANY_STREAMS", false, BoundsMutants::replacingRefused),
        new ServerMutant("tracked-id-refused", 24, "counts a client id that has a tracker as new: refused 429 "
            + "TOO_MANY_CLIENT_IDS at the bound", false, BoundsMutants::trackedIdRefused),
        new ServerMutant("bound-refusals-are-auth-failures", 24, "counts 429 TOO_MANY_STREAMS and "
            + "TOO_MANY_CLIENT_IDS in auth_failures", false, BoundsMutants::refusalsCounted),
        new ServerMutant("stream-slots-never-freed", 24, "once a principal reached its bound of streams, streams "
            + "that end do not free their places", false, BoundsMutants::slotsNeverFreed),
        new ServerMutant("one-bound-for-everyone", 24, "bounds the streams of all principals together, so "
            + "another principal is refused too", false, BoundsMutants::oneBoundForEveryone));
  }

  private static String clientOf(Request r) {
    return r.header("x-client-id") != null ? r.header("x-client-id") : r.param("client_id");
  }

  private static long openOf(ProxyState s, String token) {
    return s.sessions().stream().filter(o -> Objects.equals(token, o.request().token())).count();
  }

  private static boolean replaces(ProxyState s, Request r) {
    String client = clientOf(r);
    return client != null && s.sessions().stream().anyMatch(o -> client.equals(o.clientId())
        && Objects.equals(r.token(), o.request().token()));
  }

  private static Answer tooManyStreams() {
    return Answer.error(429, "TOO_MANY_STREAMS", "too many open streams for this principal");
  }

  /** A principal's second and later streams go upstream with the proxy's own token. */
  private static Mutation streamsLetThrough() {
    return new Mutation() {
      @Override
      public Request opening(StreamSession st, Request r, ProxyState s) {
        String token = r.token();
        return token != null && !token.equals(s.token()) && openOf(s, token) > 0
            ? r.withHeader("authorization", "Bearer " + s.token()) : r;
      }
    };
  }

  private static Mutation replacingRefused() {
    return new Mutation() {
      @Override
      public Answer intercept(Request r, ProxyState s) {
        return r.isStream() && replaces(s, r) ? tooManyStreams() : null;
      }
    };
  }

  private static Mutation trackedIdRefused() {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    Set<String> full = ConcurrentHashMap.newKeySet();
    return new Mutation() {
      @Override
      public Answer intercept(Request r, ProxyState s) {
        String client = r.isStream() ? clientOf(r) : null;
        return client != null && r.token() != null && full.contains(r.token()) && seen.contains(client)
            && !replaces(s, r) ? Answer.error(429, "TOO_MANY_CLIENT_IDS", "too many client ids for this principal")
            : null;
      }

      @Override
      public Answer answer(Request r, Answer a, ProxyState s) {
        if (r.isStream() && a.status() == 200 && clientOf(r) != null) {
          seen.add(clientOf(r));
        }
        if (r.isStream() && "TOO_MANY_CLIENT_IDS".equals(a.code()) && r.token() != null) {
          full.add(r.token());
        }
        return a;
      }
    };
  }

  private static Mutation refusalsCounted() {
    AtomicLong refused = new AtomicLong();
    return new Mutation() {
      @Override
      public Answer answer(Request r, Answer a, ProxyState s) {
        String code = a.code();
        if (a.status() == 429 && ("TOO_MANY_STREAMS".equals(code) || "TOO_MANY_CLIENT_IDS".equals(code))) {
          refused.incrementAndGet();
        }
        if (r.path().equals("/v1/admin/stats") && a.status() == 200 && a.json() instanceof ObjectNode o
            && o.has("auth_failures")) {
          o.put("auth_failures", o.get("auth_failures").asLong() + refused.get());
          return a.withBody(o.toString());
        }
        return a;
      }
    };
  }

  private static Mutation slotsNeverFreed() {
    Set<String> full = ConcurrentHashMap.newKeySet();
    return new Mutation() {
      @Override
      public Answer intercept(Request r, ProxyState s) {
        return r.isStream() && r.token() != null && full.contains(r.token()) && !replaces(s, r) ? tooManyStreams()
            : null;
      }

      @Override
      public Answer answer(Request r, Answer a, ProxyState s) {
        if (r.isStream() && "TOO_MANY_STREAMS".equals(a.code()) && r.token() != null) {
          full.add(r.token());
        }
        return a;
      }
    };
  }

  private static Mutation oneBoundForEveryone() {
    AtomicInteger bound = new AtomicInteger(Integer.MAX_VALUE);
    return new Mutation() {
      @Override
      public Answer intercept(Request r, ProxyState s) {
        return r.isStream() && !replaces(s, r) && s.sessions().size() >= bound.get() ? tooManyStreams() : null;
      }

      @Override
      public Answer answer(Request r, Answer a, ProxyState s) {
        if (r.isStream() && "TOO_MANY_STREAMS".equals(a.code())) {
          bound.compareAndSet(Integer.MAX_VALUE, s.sessions().size());
        }
        return a;
      }
    };
  }
}
