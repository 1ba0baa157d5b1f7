package dev.ssekit.conformance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.conformance.CheckResult;
import dev.ssekit.conformance.Reports;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A verdict lists what was compared; a window the machine was too slow for makes it INCONCLUSIVE, never a PASS. */
class JudgeTest {

  @Test
  void comparisonsThatHoldPassAndListWhatWasCompared() {
    CheckResult r = new Judge().eq("status", 200, 200).that("ids in order", true, "3 ids").result(9, "t");
    assertThat(r.status()).isEqualTo(CheckResult.Status.PASS);
    assertThat(r.evidence()).isEqualTo("compared: status 200; ids in order (3 ids)");
  }

  @Test
  void aWindowTooShortToJudgeMakesTheVerdictInconclusiveNotPass() {
    CheckResult r = new Judge().eq("status", 200, 200).inconclusive("publishing took 5000 ms of the 4000 ms TTL")
        .result(12, "t");
    assertThat(r.status()).isEqualTo(CheckResult.Status.INCONCLUSIVE);
    assertThat(r.evidence()).startsWith("too slow to judge (run it again): publishing took 5000 ms of the 4000 ms TTL")
        .contains("held: status 200");
  }

  @Test
  void aComparisonThatFailsStillFailsWhateverCouldNotBeJudged() {
    CheckResult r = new Judge().eq("status", 200, 500).inconclusive("too slow").result(12, "t");
    assertThat(r.status()).isEqualTo(CheckResult.Status.FAIL);
    assertThat(r.evidence()).startsWith("status: expected 200, got 500");
  }

  @Test
  void reportsCountAnInconclusiveVerdictApartAndJunitMarksItSkippedNotPassed() {
    List<CheckResult> results = List.of(CheckResult.pass(1, "a", "ok"),
        CheckResult.inconclusive(12, "b", "too slow to judge (run it again): x"));
    assertThat(Reports.console(results)).contains("1 passed, 0 failed, 0 skipped, 1 inconclusive");
    assertThat(Reports.junitXml("s", results)).contains("skipped=\"1\"", "<skipped message=\"inconclusive: too slow");
  }
}
