package dev.ssekit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The client suite passes our SDK and catches a client that gets the rules wrong. Its tests run at once. */
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
class ClientSuiteTest {

  @Test
  void theSdkPassesEveryCase() {
    List<CheckResult> results = new ClientSuite(new SdkClient()).run();
    assertThat(results).hasSize(22);
    assertThat(results).filteredOn(r -> r.status() != CheckResult.Status.PASS).as(Reports.console(results)).isEmpty();
  }

  @Test
  void theSameCasesRunThroughAContractTestServiceAndTheSdkBehindItPassesThem() throws Exception {
    try (ContractService service = new ContractService(0);
        ContractServiceClient client = new ContractServiceClient(service.url())) {
      List<CheckResult> results = new ClientSuite(client).run();
      assertThat(results).filteredOn(r -> r.status() != CheckResult.Status.PASS).as(Reports.console(results))
          .isEmpty();
    }
  }

  /**
   * A naive client: splits lines on LF only, keeps the BOM, never reconnects and ignores status and type.
   * Runs on one daemon thread per session.
   */
  private static final class NaiveClient implements ClientUnderTest {
    @Override
    public Session open(URI url, Events events) {
      Thread t = new Thread(() -> {
        try {
          HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
          if (c.getResponseCode() == 200) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8))) {
              StringBuilder data = new StringBuilder();
              int ch;
              StringBuilder line = new StringBuilder();
              while ((ch = in.read()) != -1) {
                if (ch != '\n') {
                  line.append((char) ch);
                  continue;
                }
                String l = line.toString();
                line.setLength(0);
                if (l.isEmpty()) {
                  events.event(null, "message", data.toString());
                  data.setLength(0);
                } else if (l.startsWith("data: ")) {
                  data.append(l.substring(6));
                }
              }
            }
          }
        } catch (Exception ignored) {
          // a naive client gives up quietly
        }
        events.stopped("end");
      });
      t.setDaemon(true);
      t.start();
      return () -> { };
    }
  }

  @Test
  void aClientThatGetsTheRulesWrongFailsTheRightCases() {
    Map<Integer, CheckResult.Status> status = new ClientSuite(new NaiveClient()).run(Set.of(1, 3, 4, 6, 10, 14)).stream()
        .collect(Collectors.toMap(CheckResult::clause, CheckResult::status));
    for (int failing : new int[] {1, 3, 4, 6, 10, 14}) {
      assertThat(status.get(failing)).as("case %d", failing).isEqualTo(CheckResult.Status.FAIL);
    }
  }

  @Test
  void selfTestAddsTheKillMatrixOfTheBrokenClientsToTheReport(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    new picocli.CommandLine(new ConformanceCommand()).execute("client", "--self-test", "--report-dir", dir.toString());
    String report = java.nio.file.Files.readString(dir.resolve("client-conformance.md"));
    int broken = dev.ssekit.conformance.internal.mutants.ClientMutants.all().size();
    assertThat(report).contains("## Self-test: broken clients", broken + " of " + broken + " caught",
        "| ignores-retry | ignores retry: | 9 | [9] | yes |");
  }
}
