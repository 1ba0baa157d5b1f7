package dev.ssekit.conformance.internal.mutants;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.conformance.CheckResult;
import dev.ssekit.conformance.ClientSuite;
import dev.ssekit.conformance.Reports;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mutation testing of the client suite: a small client written from the WHATWG rules passes every case, and each
 * copy of it with one mistake fails the case about that rule. Four run at a time.
 */
@Execution(ExecutionMode.CONCURRENT)
class ClientMutationTest {

  static Stream<ClientMutants.ClientMutant> brokenClients() {
    return ClientMutants.all().stream();
  }

  @Test
  void aClientThatFollowsTheRulesPassesEveryCase() {
    List<CheckResult> results = new ClientSuite(new MiniClient(EnumSet.noneOf(MiniClient.Bug.class))).run();
    assertThat(results).as(Reports.console(results)).hasSize(22).allMatch(r -> r.status() == CheckResult.Status.PASS);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenClients")
  @Timeout(60)
  void theSuiteFailsEachBrokenClientOnTheCaseAboutItsMistake(ClientMutants.ClientMutant broken) {
    List<CheckResult> results = new ClientSuite(new MiniClient(EnumSet.of(broken.bug())))
        .run(Set.of(broken.caseNumber()));
    assertThat(results).as(Reports.console(results)).singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo(CheckResult.Status.FAIL));
  }

  @Test
  void everyMistakeTheIssueNamesHasABrokenClient() {
    assertThat(ClientMutants.all()).extracting(ClientMutants.ClientMutant::bug).contains(MiniClient.Bug.IGNORES_RETRY,
        MiniClient.Bug.RECONNECTS_AFTER_204, MiniClient.Bug.KEEPS_ID_AFTER_EMPTY_ID,
        MiniClient.Bug.CR_AT_READ_END_THEN_LF_IS_A_SECOND_LINE, MiniClient.Bug.HOLDS_CR_UNTIL_NEXT_BYTE);
  }
}
