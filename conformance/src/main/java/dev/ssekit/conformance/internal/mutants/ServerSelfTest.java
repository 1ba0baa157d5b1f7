package dev.ssekit.conformance.internal.mutants;

import dev.ssekit.conformance.ServerSuite;
import dev.ssekit.conformance.Target;
import java.util.Set;

/**
 * Runs the suite against each proxy-made broken hub in front of the target hub, one after another (they share
 * the hub, so they do not run at once), with the disruptive checks off.
 */
public final class ServerSelfTest {

  private ServerSelfTest() {}

  /**
   * The broken hubs whose bug is keyed by the plain token of a request ({@code Authorization} or {@code token}):
   * in front of a hub that takes encrypted tokens they change nothing (the tests run them against a plain hub).
   */
  private static final Set<String> PLAIN_TOKENS = Set.of("bearer-case-sensitive", "stream-needs-no-token",
      "missed-needs-no-token", "ack-needs-no-token", "short-token-crashes", "empty-token-forbidden",
      "stream-ignores-query-token", "token-logged-in-part", "principal-takeover-allowed", "principal-missed-open",
      "principal-ack-open", "principal-by-credential-form", "expired-claim-sees-private",
      "streams-past-bound-let-through");

  /** Whether the hub has published more than its buffer holds, so its first message is gone. */
  private static boolean firstEvicted(Target target) throws Exception {
    com.fasterxml.jackson.databind.JsonNode stats =
        new dev.ssekit.conformance.internal.Wire(target).admin("GET", "/v1/admin/stats", null).json();
    long published = stats == null ? -1 : stats.path("messages_published").asLong(-1);
    return target.bufferSize() == null || published < 0 || published > target.bufferSize();
  }

  /** The kill matrix; needs the target's admin API (the broken hubs publish through it). */
  public static KillMatrix run(Target target) throws Exception {
    KillMatrix matrix = new KillMatrix("hubs");
    if (!target.hasAdmin()) {
      return matrix;
    }
    // a stopped hub answers 503 to everything: every broken hub in front of it would fail, proving nothing
    boolean stopped = new dev.ssekit.conformance.internal.Wire(target).send("GET", target.base().resolve("/healthz"),
        null, java.util.Map.of()).status() == 503;
    for (ServerMutant m : ServerMutants.all(target.hubLog())) {
      if (m.clause() == 4 || m.clause() == 21) {
        continue; // disruptive: the tests run these against hubs of their own
      }
      String why = stopped ? "the hub is stopped (GET /healthz answers 503)"
          : target.encryptionPassphrase() != null && PLAIN_TOKENS.contains(m.name())
              ? "it reads plain tokens, and this hub takes encrypted ones"
          : m.name().equals("origin-resume-is-gap") && firstEvicted(target)
              ? "its check needs a hub that still holds its first message"
          : m.name().equals("join-origin-without-run") ? "its check needs a hub that has published nothing"
          : m.name().equals("expired-claim-sees-private") && target.trackerTtl() == null ? "run with --tracker-ttl"
          : null;
      if (why != null) {
        matrix.notRun(m.name(), why);
        continue;
      }
      try (MutatingProxy proxy = new MutatingProxy(target.base(), m.mutation().get(), target.token(),
          target.adminToken())) {
        Target through = target.toBuilder().rebase(proxy.url()).disruptive(false, null).build();
        matrix.add(m.name(), m.bug(), m.clause(), new ServerSuite(through).run(Set.of(m.clause())));
      }
    }
    return matrix;
  }
}
