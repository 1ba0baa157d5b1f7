package dev.ssekit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ssekit.server.SseTestServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The server suite runs every clause against our hub given the flags, and catches a hub that breaks the protocol. */
class ServerSuiteTest {

  private static Map<Integer, CheckResult.Status> byClause(List<CheckResult> results) {
    return results.stream().collect(Collectors.toMap(CheckResult::clause, CheckResult::status));
  }

  /**
   * The whole suite, every flag given, against a hub that takes encrypted tokens (so clause 3 runs too; the suite
   * then sends every token encrypted).
   */
  @Test
  void theReferenceHubPassesEveryClauseAndSkipsNoneGivenEveryFlag() {
    List<CheckResult> results = ReferenceHubs.conclusive(clauses -> {
      try (SseTestServer hub = ReferenceHubs.start(ReferenceHubs.encrypted().build())) {
        return new ServerSuite(ReferenceHubs.fullTarget(hub, hub.url())
            .encryptionPassphrase(ReferenceHubs.PASSPHRASE).build()).run(clauses);
      }
    }, null);
    assertThat(results).extracting(CheckResult::clause).doesNotHaveDuplicates().hasSize(24);
    assertThat(results).as(Reports.console(results)).allMatch(r -> r.status() == CheckResult.Status.PASS);
  }


  @Test
  void withPlainTokensTheSuiteChecksBearerInAnyCaseHeaderOverQueryAndRefusals() {
    try (SseTestServer hub = ReferenceHubs.start(ReferenceHubs.config().build())) {
      List<CheckResult> results = new ServerSuite(ReferenceHubs.fullTarget(hub, hub.url()).disruptive(false, null)
          .build()).run(Set.of(1, 2, 5));
      assertThat(results).as(Reports.console(results)).hasSize(3).allMatch(r -> r.status() == CheckResult.Status.PASS);
    }
  }

  @Test
  void aSkipNamesTheFlagThatWouldRunTheCheck() {
    try (SseTestServer hub = ReferenceHubs.start(ReferenceHubs.config().build())) {
      List<CheckResult> results = new ServerSuite(new Target(hub.url(), "good", null, null, null,
          Duration.ofSeconds(5))).run();
      Map<Integer, CheckResult.Status> status = byClause(results);
      for (int clause : new int[] {3, 4, 5, 10, 11, 12, 13, 15, 16, 17, 18, 19, 20, 21, 23, 24}) {
        assertThat(status.get(clause)).as("clause %d", clause).isEqualTo(CheckResult.Status.SKIP);
      }
      assertThat(results).filteredOn(r -> r.status() == CheckResult.Status.SKIP)
          .allSatisfy(r -> assertThat(r.evidence()).containsPattern("--[a-z-]+"));
      assertThat(ServerSuite.anyFailed(results)).as(Reports.console(results)).isFalse();
    }
  }

  /** A hub with the seed's habits: plain-text errors, no CORS, no connected event, no heartbeat, no gap. */
  private static HttpServer brokenHub(ExecutorService executor) throws Exception {
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
        ex.close();
        return;
      }
      body = "not found".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(404, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.setExecutor(executor);
    server.start();
    return server;
  }

  @Test
  void aHubThatBreaksTheProtocolFailsTheRightClauses() throws Exception {
    ExecutorService executor = Executors.newCachedThreadPool();
    HttpServer broken = brokenHub(executor);
    try {
      URI url = URI.create("http://127.0.0.1:" + broken.getAddress().getPort());
      Map<Integer, CheckResult.Status> status = byClause(
          new ServerSuite(new Target(url, "good", null, null, null, Duration.ofSeconds(1))).run());
      for (int clause : new int[] {2, 6, 8, 9, 14, 22}) {
        assertThat(status.get(clause)).as("clause %d", clause).isEqualTo(CheckResult.Status.FAIL);
      }
    } finally {
      broken.stop(0);
      executor.shutdownNow();
    }
  }

  @Test
  void theCommandWritesJunitAndMarkdownReportsAndExitsZeroOnOurHub(@TempDir Path dir) {
    try (SseTestServer hub = ReferenceHubs.start(ReferenceHubs.config().build())) {
      int code = new CommandLine(new ConformanceCommand()).execute("server", "--url", hub.url().toString(),
          "--token", "good", "--invalid-token", "bad", "--admin-url", hub.url().toString(), "--admin-token", "adm",
          "--heartbeat-timeout", "5", "--buffer-size", "" + ReferenceHubs.BUFFER, "--buffer-ttl", "4s",
          "--client-queue", "" + ReferenceHubs.CLIENT_QUEUE, "--hub-log", ReferenceHubs.LOG.toString(),
          "--report-dir", dir.toString());
      assertThat(code).isZero();
      assertThat(dir.resolve("TEST-server-conformance.xml")).content()
          .contains("tests=\"24\" failures=\"0\" skipped=\"5\"");
      assertThat(dir.resolve("server-conformance.md")).content().contains("| 13 | PASS |")
          .contains("| 4 | SKIP |", "run with --disruptive");
    }
  }
}
