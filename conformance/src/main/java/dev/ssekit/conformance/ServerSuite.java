package dev.ssekit.conformance;

import dev.ssekit.conformance.internal.AdminChecks;
import dev.ssekit.conformance.internal.AuthChecks;
import dev.ssekit.conformance.internal.BoundsChecks;
import dev.ssekit.conformance.internal.Check;
import dev.ssekit.conformance.internal.DeliveryChecks;
import dev.ssekit.conformance.internal.DisruptiveChecks;
import dev.ssekit.conformance.internal.FramingChecks;
import dev.ssekit.conformance.internal.PrincipalChecks;
import dev.ssekit.conformance.internal.ReplayChecks;
import dev.ssekit.conformance.internal.StreamChecks;
import dev.ssekit.conformance.internal.Wire;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Checks a hub, ours or anyone's, against the numbered clauses of {@code docs/PROTOCOL.md} over HTTP. Every
 * clause runs when the {@link Target} gives what it needs (a token, the admin API, the hub's limits, leave to
 * disrupt); otherwise it is skipped and its evidence names the option that would run it. Clauses 8 and 13 run
 * first (on a fresh hub they check the join position before the first publish and the resume from the origin
 * while the run's first message is held); the disruptive checks run last: the rate limit (clause 4), then the
 * stop (clause 21).
 */
public final class ServerSuite {

  /** The numbered clauses of docs/PROTOCOL.md, 1 to this. */
  public static final int CLAUSES = 24;

  private final Target target;

  public ServerSuite(Target target) {
    this.target = target;
  }

  /** Runs every check and returns the verdicts in clause order. Runs on the calling thread. */
  public List<CheckResult> run() {
    return run(null);
  }

  /**
   * Runs the checks of these clauses only (all when null), disruptive ones last, and returns the verdicts in
   * clause order. Runs on the calling thread.
   */
  public List<CheckResult> run(java.util.Set<Integer> clauses) {
    Wire wire = new Wire(target);
    List<Check> checks = new ArrayList<>();
    checks.addAll(AuthChecks.all(target));
    checks.addAll(StreamChecks.all(target));
    checks.addAll(FramingChecks.all(target));
    checks.addAll(ReplayChecks.all(target));
    checks.addAll(DeliveryChecks.all(target));
    checks.addAll(AdminChecks.all(target));
    checks.addAll(PrincipalChecks.all(target));
    checks.addAll(BoundsChecks.all(target));
    checks.sort(Comparator.comparingInt(Check::clause));
    // clauses 8 and 13 first: the join position before the hub's first publish needs a hub that has published
    // nothing, and the resume from the origin <run>-0 a hub that still holds its first message
    checks.sort(Comparator.comparingInt((Check c) -> c.clause() == 8 ? 0 : c.clause() == 13 ? 1 : 2));
    checks.addAll(DisruptiveChecks.all(target));
    if (clauses != null) {
      checks.removeIf(c -> !clauses.contains(c.clause()));
    }
    List<CheckResult> results = new ArrayList<>();
    for (Check check : checks) {
      CheckResult result;
      try {
        result = check.run(wire.fresh());
      } catch (Exception | AssertionError e) {
        result = CheckResult.fail(check.clause(), check.title(), "error: " + e);
      }
      results.add(result);
    }
    results.sort(Comparator.comparingInt(CheckResult::clause));
    return results;
  }

  /** Whether any check failed. */
  public static boolean anyFailed(List<CheckResult> results) {
    return results.stream().anyMatch(r -> r.status() == CheckResult.Status.FAIL);
  }
}
