package dev.ssekit.conformance;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar conformance/target/ssekit-conformance.jar server --url …}. */
@Command(name = "ssekit-conformance", mixinStandardHelpOptions = true,
    subcommands = {ConformanceCommand.Server.class, ConformanceCommand.Client.class,
        ConformanceCommand.ContractServiceCommand.class},
    description = "Checks an SSE hub against docs/PROTOCOL.md, and an SSE client against the WHATWG rules.")
public final class ConformanceCommand implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new ConformanceCommand()).execute(args));
  }

  /** The server suite. */
  @Command(name = "server", description = "Run one check per clause against a hub; exit 1 on any FAIL.")
  static final class Server implements Callable<Integer> {
    @Option(names = "--url", required = true, description = "The hub's base URL, e.g. http://127.0.0.1:8000")
    URI url;
    @Option(names = "--token", description = "A valid client token (omit for an open hub).") String token;
    @Option(names = "--invalid-token", description = "A token the hub must refuse.") String invalidToken;
    @Option(names = "--admin-url", description = "The admin API's base URL (usually the same as --url).") URI adminUrl;
    @Option(names = "--admin-token", description = "The admin token.") String adminToken;
    @Option(names = "--heartbeat-timeout", defaultValue = "35",
        description = "Seconds to wait for a heartbeat (default ${DEFAULT-VALUE}).") int heartbeatSeconds;
    @Option(names = "--report-dir", defaultValue = "conformance-report",
        description = "Where the JUnit XML and Markdown reports go (default ${DEFAULT-VALUE}).") Path reportDir;

    @Override
    public Integer call() throws Exception {
      Target target = new Target(url, token, invalidToken, adminUrl, adminToken, Duration.ofSeconds(heartbeatSeconds));
      List<CheckResult> results = new ServerSuite(target).run();
      System.out.print(Reports.console(results));
      Reports.write(reportDir, "server-conformance", results);
      return ServerSuite.anyFailed(results) ? 1 : 0;
    }
  }

  /** The client suite against the ssekit SDK, or any client behind a contract-test service. */
  @Command(name = "client", description = "Play scripted streams to a client; exit 1 on any FAIL.")
  static final class Client implements Callable<Integer> {
    @Option(names = "--report-dir", defaultValue = "conformance-report",
        description = "Where the JUnit XML and Markdown reports go (default ${DEFAULT-VALUE}).") Path reportDir;
    @Option(names = "--service-url", description = "A contract-test service (launchdarkly/sse-contract-tests "
        + "protocol) in front of the client to check; default: the ssekit SDK in this process.") URI serviceUrl;

    @Override
    public Integer call() throws Exception {
      List<CheckResult> results;
      if (serviceUrl == null) {
        results = new ClientSuite(new SdkClient()).run();
      } else {
        try (ContractServiceClient client = new ContractServiceClient(serviceUrl)) {
          results = new ClientSuite(client).run();
        }
      }
      System.out.print(Reports.console(results));
      Reports.write(reportDir, "client-conformance", results);
      return ServerSuite.anyFailed(results) ? 1 : 0;
    }
  }

  /** The contract-test service for the public SSE contract-test harness. */
  @Command(name = "contract-service",
      description = "Serve the SSE contract-test protocol (launchdarkly/sse-contract-tests) for the ssekit SDK.")
  static final class ContractServiceCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8000", description = "Port (default ${DEFAULT-VALUE}).") int port;

    @Override
    public Integer call() throws Exception {
      try (ContractService service = new ContractService(port)) {
        System.out.println("contract test service on " + service.url());
        service.awaitStop();
      }
      return 0;
    }
  }
}
