package dev.ssekit.conformance;

/**
 * One clause checked: PASS, FAIL, SKIP or INCONCLUSIVE, with one line of evidence (what was seen, or why it was
 * skipped). INCONCLUSIVE is neither verdict: the machine was too slow for a time window the check needs (it
 * measured the window), so the check should be run again rather than trusted.
 *
 * @param clause the clause number in {@code docs/PROTOCOL.md}
 * @param title what the clause promises
 * @param status the verdict
 * @param evidence one line: what was observed, or the reason for a skip
 */
public record CheckResult(int clause, String title, Status status, String evidence) {

  /** A verdict. */
  public enum Status { PASS, FAIL, SKIP, INCONCLUSIVE }

  public static CheckResult pass(int clause, String title, String evidence) {
    return new CheckResult(clause, title, Status.PASS, evidence);
  }

  public static CheckResult fail(int clause, String title, String evidence) {
    return new CheckResult(clause, title, Status.FAIL, evidence);
  }

  public static CheckResult inconclusive(int clause, String title, String evidence) {
    return new CheckResult(clause, title, Status.INCONCLUSIVE, evidence);
  }

  public static CheckResult skip(int clause, String title, String reason) {
    return new CheckResult(clause, title, Status.SKIP, reason);
  }
}
