package dev.ssekit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ssekit.conformance.internal.Sources;
import dev.ssekit.server.Hub;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Clause 21 against a hub that is stopped over HTTP while its listener stays up ({@code --stop-path}), as a user
 * runs it against the reference hub's jar: here the reference hub's handler is mounted on a server of the test's
 * own, beside a stop path that answers 200 and then stops the hub.
 */
class StopPathTest {

  /** A reference hub on a server of the test's own, with a stop path; closing stops both. */
  private static final class StoppableHub implements AutoCloseable {
    final Hub hub = Hub.create(ReferenceHubs.config().build());
    final ExecutorService executor = Executors.newCachedThreadPool();
    final HttpServer server;

    StoppableHub() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/", hub.handler());
      server.createContext("/v1/admin/stop", ex -> {
        boolean admin = "Bearer adm".equals(ex.getRequestHeaders().getFirst("Authorization"))
            && ex.getRequestMethod().equals("POST");
        byte[] body = (admin ? "{\"status\":\"stopping\"}" : "{\"code\":\"FORBIDDEN\",\"message\":\"admin only\"}")
            .getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(admin ? 200 : 403, body.length);
        ex.getResponseBody().write(body);
        ex.close();
        if (admin) {
          hub.stop();
        }
      });
      server.setExecutor(executor);
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
      hub.stop();
      server.stop(0);
      executor.shutdownNow();
    }
  }

  /** The target the command line makes of these arguments (after {@code server}). */
  private static Target target(String... args) {
    CommandLine.ParseResult parsed = new CommandLine(new ConformanceCommand()).parseArgs(args);
    return ((ConformanceCommand.Server) parsed.subcommand().commandSpec().userObject()).target();
  }

  /** Runs these clauses as the command line given {@code args} (after {@code --url}) would, on a fresh hub. */
  private static List<CheckResult> run(Set<Integer> clauses, String... args) {
    try (StoppableHub hub = new StoppableHub()) {
      String[] all = new String[args.length + 3];
      all[0] = "server";
      all[1] = "--url";
      all[2] = hub.url();
      for (int i = 0; i < args.length; i++) {
        all[i + 3] = args[i].replace("URL", hub.url());
      }
      return new ServerSuite(target(all)).run(clauses);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
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
