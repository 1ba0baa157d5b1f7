package dev.ssekit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.conformance.internal.Sources;
import dev.ssekit.server.SseTestServer;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Clause 21 against a hub that is stopped over HTTP while its listener stays up ({@code --stop-path}), as a user
 * runs it against the reference hub's jar: the reference hub's own {@code POST /v1/admin/stop}.
 */
class StopPathTest {

  /** The target the command line makes of these arguments (after {@code server}). */
  private static Target target(String... args) {
    CommandLine.ParseResult parsed = new CommandLine(new ConformanceCommand()).parseArgs(args);
    return ((ConformanceCommand.Server) parsed.subcommand().commandSpec().userObject()).target();
  }

  /** Runs these clauses as the command line given {@code args} (after {@code --url}) would, on a fresh hub. */
  private static List<CheckResult> run(Set<Integer> clauses, String... args) {
    try (SseTestServer hub = ReferenceHubs.start(ReferenceHubs.config().build())) {
      String url = hub.url().toString();
      String[] all = new String[args.length + 3];
      all[0] = "server";
      all[1] = "--url";
      all[2] = url;
      for (int i = 0; i < args.length; i++) {
        all[i + 3] = args[i].replace("URL", url);
      }
      return new ServerSuite(target(all)).run(clauses);
    }
  }

  @Test
  void withAStopPathTheRateLimitAndTheStopBothRunAndPassAndTheLockoutDoesNotRefuseTheStop() {
    List<CheckResult> results = ReferenceHubs.conclusive(clauses -> run(clauses, "--token", "good", "--invalid-token",
        "bad", "--admin-url", "URL", "--admin-token", "adm", "--auth-failure-limit", "" + ReferenceHubs.AUTH_FAILURE_LIMIT,
        "--disruptive", "--stop-path", "/v1/admin/stop"), Set.of(4, 21));
    assertThat(results).as(Reports.console(results)).hasSize(2).allMatch(r -> r.status() == CheckResult.Status.PASS);
    if (Sources.freshFor(URI.create("http://127.0.0.1:1")) != null) {
      assertThat(results.get(0).evidence()).as("clause 4 on Linux").contains("a bucket nothing else has filled",
          "no 429 before the bucket holds " + ReferenceHubs.AUTH_FAILURE_LIMIT + " failures");
    }
  }

  @Test
  void aStopPathThatIsNotAnsweredWithSuccessFailsClause21NamingTheAnswer() {
    List<CheckResult> results = run(Set.of(21), "--token", "good", "--admin-url", "URL", "--admin-token", "adm",
        "--disruptive", "--stop-path", "/v1/admin/no-such-stop");
    assertThat(results).singleElement().satisfies(r -> {
      assertThat(r.status()).isEqualTo(CheckResult.Status.FAIL);
      assertThat(r.evidence()).contains("/v1/admin/no-such-stop", "404");
    });
  }
}
