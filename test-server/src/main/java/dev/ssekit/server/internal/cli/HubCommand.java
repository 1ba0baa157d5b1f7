package dev.ssekit.server.internal.cli;

import dev.ssekit.server.CryptoManager;
import dev.ssekit.server.HubConfig;
import dev.ssekit.server.HubLimits;
import dev.ssekit.server.SseTestServer;
import dev.ssekit.server.TokenValidator;
import dev.ssekit.server.internal.ConnectionThreads;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar ssekit-test-server.jar}: runs the reference hub until SIGTERM or Ctrl-C. */
@Command(name = "ssekit-test-server", mixinStandardHelpOptions = true, version = "ssekit test-server 0.1.0",
    description = "The ssekit reference SSE hub: token auth, replay buffer, delivery tracking, acks, "
        + "heartbeats, admin and fault-injection API. See docs/PROTOCOL.md.")
public final class HubCommand implements Callable<Integer> {

  @Option(names = "--demo", description = "Port 8000, token demo-token, admin token demo-admin, "
      + "and a sample event broadcast every second (explicit options still win).")
  boolean demo;

  @Option(names = "--port", description = "Port to listen on; 0 picks a free one (default 8000).")
  Integer port;

  @Option(names = "--host", description = "Address to bind (default ${DEFAULT-VALUE}).", defaultValue = "127.0.0.1")
  String host;

  @Option(names = "--token", description = "A valid client token; repeat for more. None: the hub is open.")
  List<String> tokens = new ArrayList<>();

  @Option(names = "--admin-token", description = "Enables /v1/admin/* for this bearer token.")
  String adminToken;

  @Option(names = "--encryption-passphrase", description = "Require AES-256-GCM encrypted tokens made with "
      + "this passphrase; with --token, the decrypted token must be one of them.")
  String encryptionPassphrase;

  @Option(names = "--buffer-size", description = "Replay buffer size (default ${DEFAULT-VALUE}).", defaultValue = "1000")
  int bufferSize;

  @Option(names = "--buffer-ttl", description = "Replay buffer TTL (default ${DEFAULT-VALUE}).",
      defaultValue = "24h", converter = DurationConverter.class)
  Duration bufferTtl;

  @Option(names = "--unacked-tracker-ttl", description = "How long the hub keeps the tracker (and the claim on its "
      + "client id) of a client that never acked, after its last stream ended (default ${DEFAULT-VALUE}; never longer "
      + "than --buffer-ttl).", defaultValue = "10m", converter = DurationConverter.class)
  Duration unackedTrackerTtl;

  @Option(names = "--heartbeat", description = "Heartbeat interval (default ${DEFAULT-VALUE}).",
      defaultValue = "30s", converter = DurationConverter.class)
  Duration heartbeat;

  @Option(names = "--retry-hint", description = "retry: hint sent on connect (default ${DEFAULT-VALUE}).",
      defaultValue = "3s", converter = DurationConverter.class)
  Duration retryHint;

  @Option(names = "--journal", description = "Keep the buffer in this file too, so a hub started again on it "
      + "resumes with no gap (default: in memory only; a restart means a gap).")
  Path journal;

  @Option(names = "--client-queue", description = "Per-client queue before a slow client is dropped "
      + "(default ${DEFAULT-VALUE}).", defaultValue = "1000")
  int clientQueue;

  @Option(names = "--max-streams-per-principal", description = "Open streams one principal may hold "
      + "(default ${DEFAULT-VALUE}); one more gets 429 TOO_MANY_STREAMS.", defaultValue = "10000")
  int maxStreamsPerPrincipal;

  @Option(names = "--max-client-ids-per-principal", description = "Client ids one principal may own "
      + "(default ${DEFAULT-VALUE}); one more gets 429 TOO_MANY_CLIENT_IDS.", defaultValue = "10000")
  int maxClientIdsPerPrincipal;

  @Option(names = "--max-client-ids", description = "Client ids the hub holds in total (default ${DEFAULT-VALUE}); "
      + "one more gets 503 HUB_FULL.", defaultValue = "100000")
  int maxClientIds;

  @Option(names = "--file-reserve", description = "Open files kept for the admin API and other requests "
      + "(default ${DEFAULT-VALUE}); a stream that would use them gets 503 HUB_FULL.", defaultValue = "32")
  int fileReserve;

  @Option(names = "--request-timeout", description = "Longest time a client may take to send a request "
      + "(headers and announced body); slower connections are closed (whole seconds, at least 1; default ${DEFAULT-VALUE}). Streams "
      + "already open are not affected.", defaultValue = "30s", converter = DurationConverter.class)
  Duration requestTimeout;

  @Option(names = "--tls-keystore", description = "Serve https with the key in this PKCS12 or JKS keystore.")
  Path tlsKeystore;

  @Option(names = "--tls-password", description = "The keystore's password (and its key's).")
  String tlsPassword;

  private final CountDownLatch stopped = new CountDownLatch(1);
  private final PrintStream out;

  HubCommand(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    int code = new CommandLine(new HubCommand(System.out)).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  @Override
  public Integer call() throws Exception {
    HubConfig config = config();
    int listenPort = port != null ? port : 8000;
    applyJdkServerSettings();
    SseTestServer.Builder builder = SseTestServer.builder().host(host).port(listenPort).hubConfig(config);
    SSLContext tls = tlsContext();
    if (tls != null) {
      builder.tls(tls);
    }
    SseTestServer server = builder.start();
    DemoPublisher demoPublisher = demo ? new DemoPublisher(server.hub()) : null;
    Thread shutdown = new Thread(() -> {
      if (demoPublisher != null) {
        demoPublisher.close();
      }
      server.close();
      stopped.countDown();
    }, "ssekit-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdown);
    out.println("listening on " + server.url());
    out.println("stream: " + server.url() + "/v1/sse  (threads: "
        + (ConnectionThreads.virtualThreadsAvailable() ? "virtual" : "platform") + ")");
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /**
   * The JDK server reads its settings once, when its first server starts: the request-read timeout
   * ({@code sun.net.httpserver.maxReqTime}, seconds; it covers a request's headers and announced body, never a
   * response, so open streams are not cut) and no Nagle delay.
   */
  void applyJdkServerSettings() {
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--request-timeout must be positive");
    }
    long seconds = Math.max(1, (requestTimeout.toMillis() + 999) / 1000);
    System.setProperty("sun.net.httpserver.maxReqTime", Long.toString(seconds));
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  /** The https context from {@code --tls-keystore} and {@code --tls-password}, or null for plain http. */
  SSLContext tlsContext() throws Exception {
    if (tlsKeystore == null) {
      if (tlsPassword != null) {
        throw new CommandLine.ParameterException(new CommandLine(this), "--tls-password needs --tls-keystore");
      }
      return null;
    }
    char[] password = tlsPassword == null ? new char[0] : tlsPassword.toCharArray();
    KeyStore keyStore;
    try {
      keyStore = KeyStore.getInstance(tlsKeystore.toFile(), password);
    } catch (IOException | GeneralSecurityException e) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "cannot read the keystore " + tlsKeystore + ": " + e.getMessage());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(keyStore, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  HubConfig config() {
    List<String> validTokens = new ArrayList<>(tokens);
    String admin = adminToken;
    if (demo) {
      if (validTokens.isEmpty()) {
        validTokens.add("demo-token");
      }
      if (admin == null) {
        admin = "demo-admin";
      }
    }
    HubConfig.Builder b = HubConfig.builder()
        .bufferSize(bufferSize)
        .bufferTtl(bufferTtl)
        .unackedTrackerTtl(unackedTrackerTtl)
        .heartbeatInterval(heartbeat)
        .retryHint(retryHint)
        .clientQueueCapacity(clientQueue)
        .limits(HubLimits.builder().streamsPerPrincipal(maxStreamsPerPrincipal)
            .clientIdsPerPrincipal(maxClientIdsPerPrincipal).clientIds(maxClientIds).fileReserve(fileReserve).build())
        .journal(journal)
        .adminToken(admin);
    TokenValidator staticTokens = validTokens.isEmpty() ? null : TokenValidator.staticTokens(validTokens.toArray(new String[0]));
    if (encryptionPassphrase != null) {
      b.cryptoManager(CryptoManager.fromPassphrase(encryptionPassphrase));
      b.encryptedTokenValidator(staticTokens == null ? token -> true : staticTokens::validate);
    } else {
      b.tokenValidator(staticTokens);
    }
    return b.build();
  }
}
