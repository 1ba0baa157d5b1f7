package dev.ssekit.conformance;

import dev.ssekit.conformance.internal.AuthChecks;
import dev.ssekit.conformance.internal.Check;
import dev.ssekit.conformance.internal.DeliveryChecks;
import dev.ssekit.conformance.internal.StreamChecks;
import dev.ssekit.conformance.internal.Wire;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Checks a hub, ours or anyone's, against the numbered clauses of {@code docs/PROTOCOL.md} over HTTP. Clauses
 * that need to publish use the admin API when given and are skipped (with the reason) when not; clauses that
 * cannot be observed from outside are skipped with the reason.
 */
public final class ServerSuite {

  private final Target target;

  public ServerSuite(Target target) {
    this.target = target;
  }

  /** Runs every check, in clause order. */
  public List<CheckResult> run() {
    Wire wire = new Wire(target);
    List<Check> checks = new ArrayList<>();
    checks.addAll(AuthChecks.all(target, wire));
    checks.addAll(StreamChecks.all(target, wire));
    checks.addAll(DeliveryChecks.all(target, wire));
    checks.sort(Comparator.comparingInt(Check::clause));
    List<CheckResult> results = new ArrayList<>();
    for (Check check : checks) {
      CheckResult result;
      try {
        result = check.run();
      } catch (Exception | AssertionError e) {
        result = CheckResult.fail(check.clause(), check.title(), "error: " + e);
      }
      results.add(result);
    }
    results.add(CheckResult.skip(5, "Tokens never logged", "the hub's logs cannot be observed over HTTP"));
    results.add(CheckResult.skip(12, "Buffer bounds and TTL", "needs the buffer to fill or messages to expire; "
        + "replay within the buffer is checked under clause 13"));
    results.add(CheckResult.skip(18, "Slow consumers are disconnected", "needs minutes of traffic into a socket "
        + "that is never read; checked by the reference hub's own tests"));
    results.add(CheckResult.skip(21, "Stop closes streams, then 503", "stopping the hub under test is not ours to do"));
    results.sort(Comparator.comparingInt(CheckResult::clause));
    return results;
  }

  /** Whether any check failed. */
  public static boolean anyFailed(List<CheckResult> results) {
    return results.stream().anyMatch(r -> r.status() == CheckResult.Status.FAIL);
  }
}
