package dev.ssekit.conformance.internal.mutants;

import dev.ssekit.conformance.CheckResult;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Which broken hubs or clients the suite caught, and on which clauses or cases. */
public final class KillMatrix {

  /**
   * One broken subject.
   *
   * @param name its name
   * @param bug what it gets wrong
   * @param expected the clause or case that must FAIL
   * @param failed every clause or case that failed
   */
  public record Row(String name, String bug, int expected, List<Integer> failed) {
    public boolean killed() {
      return failed.contains(expected);
    }
  }

  private final String subject;
  private final List<Row> rows = new ArrayList<>();
  private final List<String> notRun = new ArrayList<>();

  public KillMatrix(String subject) {
    this.subject = subject;
  }

  /** Adds a row from a suite run. */
  public synchronized void add(String name, String bug, int expected, List<CheckResult> results) {
    List<Integer> failed = new ArrayList<>(new TreeSet<>(results.stream()
        .filter(r -> r.status() == CheckResult.Status.FAIL).map(CheckResult::clause).toList()));
    rows.add(new Row(name, bug, expected, failed));
  }

  /** A broken subject the run could not judge here, and why (the tests judge it). */
  public synchronized void notRun(String name, String why) {
    notRun.add(name + " (" + why + ")");
  }

  public synchronized List<Row> rows() {
    return new ArrayList<>(rows);
  }

  /** How many were caught on the expected clause. */
  public synchronized long killed() {
    return rows.stream().filter(Row::killed).count();
  }

  public synchronized String markdown() {
    StringBuilder sb = new StringBuilder("\n## Self-test: broken ").append(subject).append("\n\n")
        .append(killed()).append(" of ").append(rows.size()).append(" caught on the expected ")
        .append(subject.equals("hubs") ? "clause" : "case")
        .append(" (each is run on the check of its expected clause or case).\n\n")
        .append("| broken ").append(subject).append(" | bug | expected | failed | caught |\n|---|---|---|---|---|\n");
    for (Row r : rows) {
      sb.append("| ").append(r.name()).append(" | ").append(r.bug().replace("|", "\\|")).append(" | ")
          .append(r.expected()).append(" | ").append(r.failed()).append(" | ").append(r.killed() ? "yes" : "**NO**")
          .append(" |\n");
    }
    if (!notRun.isEmpty()) {
      sb.append("\nNot run here: ").append(String.join("; ", notRun)).append(".\n");
    }
    return sb.toString();
  }

  public synchronized String console() {
    StringBuilder sb = new StringBuilder(String.format("%nself-test: %d of %d broken %s caught%n", killed(), rows.size(),
        subject));
    for (Row r : rows) {
      sb.append(String.format("  %-36s expected %-3d failed %-20s %s%n", r.name(), r.expected(), r.failed(),
          r.killed() ? "caught" : "MISSED"));
    }
    return sb.toString();
  }
}
