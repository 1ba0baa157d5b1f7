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
    @Option(names = "--other-token", description = "A valid token of another principal (clause 23).")
    String otherToken;
    @Option(names = "--admin-url", description = "The admin API's base URL (usually the same as --url).") URI adminUrl;
    @Option(names = "--admin-token", description = "The admin token.") String adminToken;
    @Option(names = "--heartbeat-timeout", defaultValue = "35",
        description = "Seconds to wait for a heartbeat (default ${DEFAULT-VALUE}).") int heartbeatSeconds;
    @Option(names = "--encryption-passphrase", description = "The hub's passphrase for encrypted tokens: the suite "
        + "then sends every token encrypted (clauses 1 and 3).") String passphrase;
    @Option(names = "--disruptive", description = "Run the rate-limit check (locks this address out for a while) and, "
        + "with --stop-command or --stop-path, stop the hub: both run last.") boolean disruptive;
    @Option(names = "--stop-command", description = "A shell command that stops the hub (clause 21).")
    String stopCommand;
    @Option(names = "--stop-path", description = "An admin path that stops the hub on POST (clause 21).")
    String stopPath;
    @Option(names = "--hub-log", description = "The file the hub logs to (clause 5).") Path hubLog;
    @Option(names = "--buffer-size", description = "The hub's buffer size (clause 12).") Integer bufferSize;
    @Option(names = "--buffer-ttl", converter = DurationConverter.class,
        description = "The hub's buffer TTL, e.g. 5s, 500ms, PT5S (clause 12; at most 30 s).") Duration bufferTtl;
    @Option(names = "--client-queue", description = "How far a client may fall behind (clause 18).")
    Integer clientQueue;
    @Option(names = "--auth-failure-limit", defaultValue = "20",
        description = "Failed attempts that lock an address out (default ${DEFAULT-VALUE}).") int authFailureLimit;
    @Option(names = "--auth-failure-window", defaultValue = "60s", converter = DurationConverter.class,
        description = "The time in which the hub's failure bucket empties by that many (default ${DEFAULT-VALUE}).")
    Duration authFailureWindow;
    @Option(names = "--tracker-ttl", converter = DurationConverter.class, description = "How long the hub keeps "
        + "the tracker of a client that never acked after it left, e.g. 2s (clause 23's expired-tracker claim; "
        + "at most 30 s).") Duration trackerTtl;
    @Option(names = "--max-body-bytes", defaultValue = "1048576",
        description = "The hub's body limit (default ${DEFAULT-VALUE}).") int maxBodyBytes;
    @Option(names = "--origin", defaultValue = "https://conformance.example",
        description = "An Origin the hub allows, for the CORS checks (default ${DEFAULT-VALUE}).") String origin;
    @Option(names = "--bounds-token", description = "A valid token of a principal no other check uses: clause 24 "
        + "opens its streams and client ids up to the bounds.") String boundsToken;
    @Option(names = "--streams-per-principal", description = "The hub's bound of open streams per principal "
        + "(clause 24; at most 200).") Integer streamsPerPrincipal;
    @Option(names = "--client-ids-per-principal", description = "The hub's bound of client ids per principal "
        + "(clause 24; more than --streams-per-principal, at most 2000).") Integer clientIdsPerPrincipal;
    @Option(names = "--report-dir", defaultValue = "conformance-report",
        description = "Where the JUnit XML and Markdown reports go (default ${DEFAULT-VALUE}).") Path reportDir;
    @Option(names = "--self-test", description = "Also run the suite against broken hubs (mutating proxies in front "
        + "of this hub) and add the kill matrix to the Markdown report. Needs the admin API.") boolean selfTest;

    Target target() {
      Target.Stopper stopper = null;
      if (stopCommand != null) {
        stopper = () -> runStopCommand(stopCommand);
      } else if (stopPath != null && adminUrl != null && adminToken != null) {
        stopper = () -> postStop(adminUrl.resolve(stopPath), adminToken);
      }
      return Target.builder(url).token(token).invalidToken(invalidToken).otherToken(otherToken)
          .admin(adminUrl, adminToken).heartbeatTimeout(Duration.ofSeconds(heartbeatSeconds))
          .encryptionPassphrase(passphrase).disruptive(disruptive, stopper).hubLog(hubLog)
          .buffer(bufferSize, bufferTtl).clientQueue(clientQueue).authFailureLimit(authFailureLimit)
          .authFailureWindow(authFailureWindow).trackerTtl(trackerTtl)
          .maxBodyBytes(maxBodyBytes).origin(origin).boundsToken(boundsToken)
          .principalBounds(streamsPerPrincipal, clientIdsPerPrincipal).build();
    }

    @Override
    public Integer call() throws Exception {
      Target target = target();
      ServerSuite suite = new ServerSuite(target);
      String extra = "";
      List<CheckResult> results;
      if (selfTest) {
        // the broken hubs are proxies in front of this hub: they run before the stop (clause 21), not after it
        java.util.Set<Integer> beforeStop = new java.util.TreeSet<>();
        for (int clause = 1; clause <= ServerSuite.CLAUSES; clause++) {
          if (clause != 21) {
            beforeStop.add(clause);
          }
        }
        results = new java.util.ArrayList<>(suite.run(beforeStop));
        dev.ssekit.conformance.internal.mutants.KillMatrix matrix =
            dev.ssekit.conformance.internal.mutants.ServerSelfTest.run(target);
        results.addAll(suite.run(java.util.Set.of(21)));
        results.sort(java.util.Comparator.comparingInt(CheckResult::clause));
        System.out.print(Reports.console(results));
        System.out.print(matrix.console());
        extra = matrix.markdown();
      } else {
        results = suite.run();
        System.out.print(Reports.console(results));
      }
      Reports.write(reportDir, "server-conformance", results, extra);
      return ServerSuite.anyFailed(results) ? 1 : 0;
    }
  }

  /**
   * Asks the hub to stop with {@code POST} on its admin stop path, from a source address of its own (so the rate
   * limit check's lockout cannot refuse it); anything but a 2xx answer is an error that names it.
   */
  static void postStop(URI stop, String adminToken) throws Exception {
    dev.ssekit.conformance.internal.Wire.Reply r = dev.ssekit.conformance.internal.Http1.exchange(stop, "POST",
        stop.getRawPath(), java.util.Map.of("Authorization", "Bearer " + adminToken), "{}".getBytes(
            java.nio.charset.StandardCharsets.UTF_8), Duration.ofSeconds(15),
        dev.ssekit.conformance.internal.Sources.freshFor(stop));
    if (r.status() / 100 != 2) {
      throw new IllegalStateException("POST " + stop.getRawPath() + " (--stop-path) answered " + r.brief());
    }
  }

  /** Runs the user's stop command through the shell and waits for it (at most 30 s). */
  static void runStopCommand(String command) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", command).inheritIO().start();
    if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("--stop-command did not finish within 30 s");
    }
  }

  /** Reads {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h} or ISO-8601 ({@code PT5S}). */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(value.trim());
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        };
      }
      try {
        return Duration.parse(value.trim());
      } catch (RuntimeException e) {
        throw new CommandLine.TypeConversionException("not a duration: '" + value + "' (use 500ms, 5s, 2m, 1h or PT5S)");
      }
    }
  }

  /** The client suite against the ssekit SDK, or any client behind a contract-test service. */
  @Command(name = "client", description = "Play scripted streams to a client; exit 1 on any FAIL.")
  static final class Client implements Callable<Integer> {
    @Option(names = "--report-dir", defaultValue = "conformance-report",
        description = "Where the JUnit XML and Markdown reports go (default ${DEFAULT-VALUE}).") Path reportDir;
    @Option(names = "--service-url", description = "A contract-test service (launchdarkly/sse-contract-tests "
        + "protocol) in front of the client to check; default: the ssekit SDK in this process.") URI serviceUrl;
    @Option(names = "--self-test", description = "Also run the cases against deliberately broken clients and add the "
        + "kill matrix to the Markdown report.") boolean selfTest;

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
      String extra = "";
      if (selfTest) {
        dev.ssekit.conformance.internal.mutants.KillMatrix matrix =
            dev.ssekit.conformance.internal.mutants.ClientSelfTest.run();
        System.out.print(matrix.console());
        extra = matrix.markdown();
      }
      Reports.write(reportDir, "client-conformance", results, extra);
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
