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

  /** The kill matrix; needs the target's admin API (the broken hubs publish through it). */
  public static KillMatrix run(Target target) throws Exception {
    KillMatrix matrix = new KillMatrix("hubs");
    if (!target.hasAdmin()) {
      return matrix;
    }
    for (ServerMutant m : ServerMutants.all(target.hubLog())) {
      if (m.clause() == 4 || m.clause() == 21) {
        continue; // disruptive: the tests run these against hubs of their own
      }
      String why = m.name().equals("join-origin-without-run") ? "its check needs a hub that has published nothing"
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
