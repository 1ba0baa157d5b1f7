package dev.ssekit.conformance.internal;

import dev.ssekit.conformance.CheckResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Collects one check's comparisons: each says what was compared and what was seen, so the evidence line of a
 * PASS lists what was checked and that of a FAIL starts with what differed. Not thread-safe.
 */
public final class Judge {

  private final List<String> seen = new ArrayList<>();
  private final List<String> wrong = new ArrayList<>();
  private final List<String> unjudged = new ArrayList<>();

  /** {@code what} must be {@code expected}. */
  public Judge eq(String what, Object expected, Object actual) {
    if (Objects.equals(expected, actual)) {
      seen.add(what + " " + actual);
    } else {
      wrong.add(what + ": expected " + expected + ", got " + actual);
    }
    return this;
  }

  /** {@code what} must hold; {@code observed} says what was seen. */
  public Judge that(String what, boolean ok, Object observed) {
    if (ok) {
      seen.add(what + " (" + observed + ")");
    } else {
      wrong.add(what + ": not so, saw " + observed);
    }
    return this;
  }

  /** Adds an observation that is not a comparison. */
  public Judge note(String observation) {
    seen.add(observation);
    return this;
  }

  /**
   * A comparison that could not be made because the machine was too slow for its time window ({@code why} says
   * what was measured): unless something else failed, the verdict is INCONCLUSIVE.
   */
  public Judge inconclusive(String why) {
    unjudged.add(why);
    return this;
  }

  /** Adds every comparison of {@code other} to this one. */
  public Judge merge(Judge other) {
    seen.addAll(other.seen);
    wrong.addAll(other.wrong);
    unjudged.addAll(other.unjudged);
    return this;
  }

  /** Whether every comparison so far held. */
  public boolean ok() {
    return wrong.isEmpty();
  }

  /** The verdict. */
  public CheckResult result(int clause, String title) {
    if (wrong.isEmpty() && !unjudged.isEmpty()) {
      return CheckResult.inconclusive(clause, title, "too slow to judge (run it again): " + String.join("; ", unjudged)
          + (seen.isEmpty() ? "" : " | held: " + String.join("; ", seen)));
    }
    if (wrong.isEmpty()) {
      return CheckResult.pass(clause, title, "compared: " + String.join("; ", seen));
    }
    return CheckResult.fail(clause, title, String.join("; ", wrong)
        + (seen.isEmpty() ? "" : " | held: " + String.join("; ", seen)));
  }
}
