package dev.ssekit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ssekit.server.HubConfig;
import dev.ssekit.server.SseTestServer;
import dev.ssekit.server.TokenValidator;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The server suite passes our hub and catches a hub that breaks the protocol. */
class ServerSuiteTest {

  private static SseTestServer ourHub() {
    return SseTestServer.start(HubConfig.builder().tokenValidator(TokenValidator.staticTokens("good"))
        .adminToken("adm").heartbeatInterval(Duration.ofMillis(200)).authFailureLimit(1000).build());
  }

  private static Map<Integer, CheckResult.Status> byClause(List<CheckResult> results) {
    return results.stream().collect(Collectors.toMap(CheckResult::clause, CheckResult::status));
  }

  @Test
  void theReferenceHubPassesEveryClauseThatCanBeObserved() {
    try (SseTestServer hub = ourHub()) {
      List<CheckResult> results = new ServerSuite(new Target(hub.url(), "good", "bad", hub.url(), "adm",
          Duration.ofSeconds(5))).run();
      assertThat(results).filteredOn(r -> r.status() == CheckResult.Status.FAIL).isEmpty();
      assertThat(results).filteredOn(r -> r.status() == CheckResult.Status.SKIP)
          .extracting(CheckResult::clause).containsExactlyInAnyOrder(3, 4, 5, 12, 18, 21);
      assertThat(results).extracting(CheckResult::clause).doesNotHaveDuplicates().hasSize(22);
    }
  }

  @Test
  void withoutTheAdminApiThePublishingClausesAreSkippedWithAReason() {
    try (SseTestServer hub = ourHub()) {
      List<CheckResult> results = new ServerSuite(new Target(hub.url(), "good", null, null, null,
          Duration.ofSeconds(5))).run();
      Map<Integer, CheckResult.Status> status = byClause(results);
      for (int clause : new int[] {10, 11, 13, 15, 16, 17, 19, 20}) {
        assertThat(status.get(clause)).as("clause %d", clause).isEqualTo(CheckResult.Status.SKIP);
      }
      assertThat(results).filteredOn(r -> r.status() == CheckResult.Status.SKIP).allMatch(r -> !r.evidence().isBlank());
      assertThat(ServerSuite.anyFailed(results)).isFalse();
    }
  }

  /** A hub with the seed's habits: plain-text errors, no CORS, no connected event, no heartbeat, no gap. */
  private static HttpServer brokenHub() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      byte[] body;
      if (ex.getRequestURI().getPath().equals("/v1/sse") && ex.getRequestMethod().equals("GET")) {
        if (ex.getRequestHeaders().getFirst("Authorization") == null) {
          body = "unauthorized".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(401, body.length);
          ex.getResponseBody().write(body);
          ex.close();
          return;
        }
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        out.write("event: hello\ndata: hi\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        try {
          Thread.sleep(1500);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        ex.close();
        return;
      }
      body = "not found".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(404, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
    return server;
  }

  @Test
  void aHubThatBreaksTheProtocolFailsTheRightClauses() throws Exception {
    HttpServer broken = brokenHub();
    try {
      URI url = URI.create("http://127.0.0.1:" + broken.getAddress().getPort());
      Map<Integer, CheckResult.Status> status = byClause(
          new ServerSuite(new Target(url, "good", null, null, null, Duration.ofSeconds(1))).run());
      for (int clause : new int[] {2, 6, 8, 9, 14, 22}) {
        assertThat(status.get(clause)).as("clause %d", clause).isEqualTo(CheckResult.Status.FAIL);
      }
    } finally {
      broken.stop(0);
      ((java.util.concurrent.ExecutorService) broken.getExecutor()).shutdownNow();
    }
  }

  @Test
  void theCommandPrintsATableWritesReportsAndExitsZeroOnOurHub(@TempDir Path dir) throws Exception {
    try (SseTestServer hub = ourHub()) {
      java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
      java.io.PrintStream original = System.out;
      System.setOut(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
      int code;
      try {
        code = new CommandLine(new ConformanceCommand()).execute("server", "--url", hub.url().toString(),
            "--token", "good", "--invalid-token", "bad", "--admin-url", hub.url().toString(), "--admin-token", "adm",
            "--heartbeat-timeout", "5", "--report-dir", dir.toString());
      } finally {
        System.setOut(original);
      }
      assertThat(code).isZero();
      assertThat(captured.toString(StandardCharsets.UTF_8)).contains("16 passed, 0 failed, 6 skipped");
      assertThat(Files.readString(dir.resolve("TEST-server-conformance.xml"))).contains("tests=\"22\" failures=\"0\"");
      assertThat(Files.readString(dir.resolve("server-conformance.md"))).contains("| 13 | PASS |");
    }
  }
}
