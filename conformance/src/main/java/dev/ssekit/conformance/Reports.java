package dev.ssekit.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The suite's three outputs: a console table, a JUnit XML file and a Markdown report. */
public final class Reports {

  private Reports() {}

  public static String console(List<CheckResult> results) {
    StringBuilder sb = new StringBuilder(String.format("%-6s %-4s %-60s %s%n", "clause", "", "title", "evidence"));
    for (CheckResult r : results) {
      sb.append(String.format("%-6d %-4s %-60s %s%n", r.clause(), r.status(), cut(r.title(), 60), r.evidence()));
    }
    long failed = results.stream().filter(r -> r.status() == CheckResult.Status.FAIL).count();
    long skipped = results.stream().filter(r -> r.status() == CheckResult.Status.SKIP).count();
    long inconclusive = results.stream().filter(r -> r.status() == CheckResult.Status.INCONCLUSIVE).count();
    sb.append(String.format("%d passed, %d failed, %d skipped%s%n", results.size() - failed - skipped - inconclusive,
        failed, skipped, inconclusive == 0 ? "" : ", " + inconclusive + " inconclusive (too slow to judge: run again)"));
    return sb.toString();
  }

  public static String markdown(String title, List<CheckResult> results) {
    StringBuilder sb = new StringBuilder("# ").append(title).append("\n\n| clause | result | title | evidence |\n|---|---|---|---|\n");
    for (CheckResult r : results) {
      sb.append("| ").append(r.clause()).append(" | ").append(r.status()).append(" | ").append(r.title())
          .append(" | ").append(r.evidence().replace("|", "\\|")).append(" |\n");
    }
    return sb.toString();
  }

  public static String junitXml(String suite, List<CheckResult> results) {
    long failed = results.stream().filter(r -> r.status() == CheckResult.Status.FAIL).count();
    long skipped = results.stream().filter(r -> r.status() == CheckResult.Status.SKIP
        || r.status() == CheckResult.Status.INCONCLUSIVE).count();
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<testsuite name=\"").append(xml(suite)).append("\" tests=\"").append(results.size())
        .append("\" failures=\"").append(failed).append("\" skipped=\"").append(skipped).append("\">\n");
    for (CheckResult r : results) {
      sb.append("  <testcase classname=\"").append(xml(suite)).append("\" name=\"clause ").append(r.clause())
          .append(": ").append(xml(r.title())).append("\">");
      if (r.status() == CheckResult.Status.FAIL) {
        sb.append("<failure message=\"").append(xml(r.evidence())).append("\"/>");
      } else if (r.status() == CheckResult.Status.SKIP) {
        sb.append("<skipped message=\"").append(xml(r.evidence())).append("\"/>");
      } else if (r.status() == CheckResult.Status.INCONCLUSIVE) {
        sb.append("<skipped message=\"inconclusive: ").append(xml(r.evidence())).append("\"/>");
      } else {
        sb.append("<system-out>").append(xml(r.evidence())).append("</system-out>");
      }
      sb.append("</testcase>\n");
    }
    return sb.append("</testsuite>\n").toString();
  }

  /** Writes {@code <name>.xml} and {@code <name>.md} into the directory. */
  public static void write(Path dir, String name, List<CheckResult> results) throws IOException {
    write(dir, name, results, "");
  }

  /** Writes the reports, with {@code extraMarkdown} (e.g. a self-test's kill matrix) appended to the Markdown. */
  public static void write(Path dir, String name, List<CheckResult> results, String extraMarkdown) throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve("TEST-" + name + ".xml"), junitXml(name, results).getBytes(StandardCharsets.UTF_8));
    Files.write(dir.resolve(name + ".md"), (markdown(name, results) + extraMarkdown).getBytes(StandardCharsets.UTF_8));
  }

  private static String xml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static String cut(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "…";
  }
}
