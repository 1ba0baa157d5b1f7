package dev.ssekit.conformance.internal.mutants;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.conformance.CheckResult;
import dev.ssekit.conformance.ReferenceHubs;
import dev.ssekit.conformance.Reports;
import dev.ssekit.conformance.ServerSuite;
import dev.ssekit.conformance.Target;
import dev.ssekit.server.HubConfig;
import dev.ssekit.server.SseTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mutation testing of the server suite: each broken hub (the reference hub plus one realistic bug, made by a
 * proxy or by a wrong setting) gets its own hub, and the suite must FAIL the clause that bug breaks. They run one
 * per core at a time (see the surefire settings).
 */
@Execution(ExecutionMode.CONCURRENT)
class ServerMutationTest {

  /**
   * A broken hub: a proxy mutation, or a hub whose setting differs from what the suite is told.
   *
   * @param name the broken hub's name
   * @param clause the clause that must FAIL
   * @param hub changes to the reference hub's settings
   * @param mutation makes the proxy's mutation (a fresh one per run: some keep state)
   */
  record Broken(String name, int clause, UnaryOperator<HubConfig.Builder> hub, Supplier<Mutation> mutation) {
    @Override
    public String toString() {
      return name + " fails clause " + clause;
    }
  }

  static Stream<Broken> brokenHubs() {
    List<Broken> all = new ArrayList<>();
    // The in-process hub logs through slf4j-simple; the logging mutant writes through the same logger.
    for (ServerMutant m : ServerMutants.all(
        line -> org.slf4j.LoggerFactory.getLogger("dev.ssekit.server.BrokenHub").warn(line))) {
      all.add(new Broken(m.name(), m.clause(), b -> b, m.mutation()));
    }
    all.add(new Broken("unbounded-buffer (keeps 100,000 while saying 60)", 12, b -> b.bufferSize(100_000),
        () -> Mutation.NONE));
    all.add(new Broken("ttl-ignored (keeps messages 1 h while saying 4 s)", 12, b -> b.bufferTtl(Duration.ofHours(1)),
        () -> Mutation.NONE));
    all.add(new Broken("no-rate-limit", 4, b -> b.authFailureLimit(1_000_000), () -> Mutation.NONE));
    return all.stream();
  }

  private static List<CheckResult> runThrough(UnaryOperator<HubConfig.Builder> config, Mutation mutation,
      Set<Integer> clauses) throws Exception {
    try (SseTestServer hub = ReferenceHubs.start(config.apply(ReferenceHubs.config()).build());
        MutatingProxy proxy = new MutatingProxy(hub.url(), mutation, "good", "adm")) {
      Target target = ReferenceHubs.fullTarget(hub, proxy.url()).build();
      return new ServerSuite(target).run(clauses);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenHubs")
  @Timeout(120)
  void theSuiteFailsEachBrokenHubOnTheClauseItBreaks(Broken broken) throws Exception {
    List<CheckResult> results = ReferenceHubs.conclusive(clauses -> {
      try {
        return runThrough(broken.hub(), broken.mutation().get(), clauses);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, Set.of(broken.clause()));
    assertThat(results).as(Reports.console(results)).singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo(CheckResult.Status.FAIL));
  }

  /** The proxy itself changes nothing a check can see: a correct hub behind it passes. */
  @Test
  void throughAProxyThatChangesNothingTheReferenceHubPassesEveryClause() throws Exception {
    List<CheckResult> results = runThrough(b -> b, Mutation.NONE, null);
    assertThat(results).as(Reports.console(results))
        .filteredOn(r -> r.status() == CheckResult.Status.FAIL)
        .isEmpty();
    assertThat(results).filteredOn(r -> r.status() == CheckResult.Status.SKIP).extracting(CheckResult::clause)
        .containsExactly(3);
  }

  /**
   * The base of the clause 21 and 23 broken hubs passes those clauses: so they fail by their bug, not because
   * the reference hub lacks the rule before issue 11 is merged.
   */
  @Test
  void theGuardsThatAddPrincipalsAndStopPassClauses21And23() throws Exception {
    Mutation guards = Mutation.compose(Guards.stop(), Guards.principals(true, true, true));
    List<CheckResult> results = runThrough(b -> b, guards, Set.of(21, 23));
    assertThat(results).as(Reports.console(results)).hasSize(2).allMatch(r -> r.status() == CheckResult.Status.PASS);
  }

  @Test
  void everySeedDifferenceInTheProtocolHasABrokenHub() {
    assertThat(ServerMutants.all(ReferenceHubs.LOG)).filteredOn(ServerMutant::seed).hasSizeGreaterThanOrEqualTo(12);
  }
}
