package dev.ssekit.conformance.internal.mutants;

import dev.ssekit.conformance.internal.Sources;
import dev.ssekit.conformance.internal.mutants.Exchange.Answer;
import dev.ssekit.conformance.internal.mutants.Exchange.Request;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Broken rate limiters (clause 4) a proxy can make out of a correct one: each breaks one sentence of the clause
 * that the check reads. They are disruptive (they lock addresses out), so only the tests run them, each against
 * a hub of its own.
 */
final class LimiterMutants {

  private LimiterMutants() {}

  static List<ServerMutant> all() {
    return List.of(
        new ServerMutant("lockout-for-everyone", 4, "keeps one lockout for the whole hub: once any address is "
            + "locked out, every address gets 429", false, LimiterMutants::lockoutForEveryone),
        new ServerMutant("success-empties-bucket", 4, "empties an address's bucket of failures when a request "
            + "from it succeeds, so wrong guesses between good requests never add up", false,
            LimiterMutants::successEmptiesBucket),
        new ServerMutant("lockout-answers-not-counted", 4, "leaves its 429 TOO_MANY_REQUESTS answers out of "
            + "auth_failures (clause 19 counts them)", false,
            () -> SentenceMutants.uncounted(429, "TOO_MANY_REQUESTS")),
        new ServerMutant("lockout-never-doubles", 4, "announces every lockout as a first one (Retry-After: 1) "
            + "instead of doubling it", false, LimiterMutants::neverDoubles));
  }

  /** Whether the hub checks the request's credentials (and so counts and refuses it by clause 4). */
  private static boolean authChecked(Request r) {
    return r.isStream() || r.path().equals("/v1/sse/missed") || r.path().equals("/v1/sse/ack")
        || r.path().startsWith("/v1/admin/");
  }

  private static Mutation neverDoubles() {
    return new Mutation() {
      @Override
      public Answer answer(Request r, Answer a, ProxyState s) {
        return a.status() == 429 && "TOO_MANY_REQUESTS".equals(a.code()) ? a.withHeader("retry-after", "1") : a;
      }
    };
  }

  private static Mutation lockoutForEveryone() {
    AtomicLong lockedUntil = new AtomicLong(System.nanoTime());
    return new Mutation() {
      @Override
      public Answer intercept(Request r, ProxyState s) {
        long left = lockedUntil.get() - System.nanoTime();
        if (!authChecked(r) || left <= 0) {
          return null;
        }
        long seconds = Math.max(1, (left + 999_999_999L) / 1_000_000_000L);
        return Answer.error(429, "TOO_MANY_REQUESTS", "too many failed attempts")
            .withHeader("retry-after", Long.toString(seconds));
      }

      @Override
      public Answer answer(Request r, Answer a, ProxyState s) {
        String retryAfter = a.header("retry-after");
        if (a.status() == 429 && "TOO_MANY_REQUESTS".equals(a.code()) && retryAfter != null
            && retryAfter.matches("\\d+")) {
          long until = System.nanoTime() + Long.parseLong(retryAfter) * 1_000_000_000L;
          lockedUntil.accumulateAndGet(until, Math::max);
        }
        return a;
      }
    };
  }

  /**
   * The hub sees each client address through an alias address of the proxy's choosing, and a client gets a new
   * alias (with an empty bucket) whenever a request of it succeeds: what the hub counted before is forgotten.
   */
  private static Mutation successEmptiesBucket() {
    Map<InetAddress, InetAddress> alias = new ConcurrentHashMap<>();
    return new Mutation() {
      @Override
      public Answer intercept(Request r, ProxyState s) throws Exception {
        InetAddress client = s.client();
        if (client == null || r.isStream() || !authChecked(r)) {
          return null;
        }
        Answer a = s.forward(r, alias.getOrDefault(client, client));
        InetAddress fresh = Sources.freshFor(s.upstream());
        if (a.status() / 100 == 2 && fresh != null) {
          alias.put(client, fresh);
        }
        return a;
      }
    };
  }
}
