package dev.ssekit.server.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssekit.server.support.EventStream;
import dev.ssekit.server.support.SelfSignedKey;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's server settings, each in a JVM of its own (the JDK server reads them once per JVM). */
class HubCommandServingTest {

  @TempDir
  Path dir;

  /** Starts the CLI in a new JVM; the caller destroys the process. */
  private static Process startCli(String... args) throws Exception {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        HubCommand.class.getName(), "--port", "0"));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static URI baseOf(Process process) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String first = out.readLine();
    Matcher m = Pattern.compile("listening on (https?://127\\.0\\.0\\.1:\\d+)").matcher(String.valueOf(first));
    assertThat(m.matches()).as(first).isTrue();
    return URI.create(m.group(1));
  }

  @Test
  void halfSentRequestsAreClosedWithinTheRequestTimeoutWhileAStreamKeepsReceiving() throws Exception {
    Process process = startCli("--request-timeout", "2s", "--heartbeat", "200ms");
    List<Socket> slow = new ArrayList<>();
    try {
      URI base = baseOf(process);
      try (EventStream stream = EventStream.open(base.resolve("/v1/sse"))) {
        stream.next("connected");
        long started = System.nanoTime();
        for (int i = 0; i < 30; i++) {
          Socket s = new Socket();
          s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
          s.setSoTimeout(15_000);
          // Half of them stop inside the headers, half inside a body they announced.
          String half = i % 2 == 0
              ? "GET /v1/sse HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Cl"
              : "POST /v1/sse/ack HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{\"client_id\":";
          s.getOutputStream().write(half.getBytes(StandardCharsets.US_ASCII));
          s.getOutputStream().flush();
          slow.add(s);
        }
        for (Socket s : slow) {
          InputStream in = s.getInputStream();
          int read;
          try {
            read = in.read();
          } catch (java.net.SocketException reset) {
            read = -1;
          }
          assertThat(read).as("a half-sent request gets no answer and is closed").isEqualTo(-1);
        }
        long closedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        // 2 s timeout, checked by the JDK's timer once a second: generous bound for a loaded machine.
        assertThat(closedAfterMillis).isLessThan(10_000);
        // The stream outlived the timeout and still receives.
        long streamAlive = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
          stream.next("heartbeat");
          return System.nanoTime() - streamAlive > TimeUnit.SECONDS.toNanos(3);
        });
        assertThat(stream.ended()).isNotDone();
      }
    } finally {
      for (Socket s : slow) {
        s.close();
      }
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void tlsKeystoreServesHttps() throws Exception {
    SelfSignedKey key = SelfSignedKey.create(dir);
    Process process = startCli("--tls-keystore", key.keystore().toString(), "--tls-password", SelfSignedKey.PASSWORD);
    try {
      URI base = baseOf(process);
      assertThat(base.getScheme()).isEqualTo("https");
      SSLContext trust = key.clientContext();
      HttpClient http = HttpClient.newBuilder().sslContext(trust).connectTimeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(base.resolve("/healthz"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"status\":\"ok\"");
    } finally {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void adminStopStopsTheHubWhileTheListenerStaysUpUntilSigterm() throws Exception {
    Process process = startCli("--admin-token", "adm", "--heartbeat", "200ms");
    try {
      URI base = baseOf(process);
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      try (EventStream stream = EventStream.open(base.resolve("/v1/sse"))) {
        stream.next("connected");
        HttpResponse<String> stop = http.send(HttpRequest.newBuilder(base.resolve("/v1/admin/stop"))
            .header("Authorization", "Bearer adm").POST(HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stop.statusCode()).isEqualTo(200);
        assertThat(stop.body()).isEqualTo("{\"stopped\":true}");
        stream.ended().get(5, TimeUnit.SECONDS);
      }
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(base.resolve("/healthz"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).as("the listener is still up and answers").isEqualTo(503);
      assertThat(health.body()).contains("SERVICE_UNAVAILABLE");
      assertThat(process.isAlive()).isTrue();
      process.destroy(); // SIGTERM
      assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("the process ends on SIGTERM").isTrue();
    } finally {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Starts the CLI in a new JVM whose open-file limit is {@code files}. */
  private static Process startCliWithFileLimit(int files, String... args) throws Exception {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "ulimit -n " + files + " && exec \"$@\"", "sh",
        java, "-cp", System.getProperty("java.class.path"), HubCommand.class.getName(), "--port", "0"));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  @Test
  void nearItsOpenFileLimitTheHubRefusesStreams503AndKeepsAnsweringTheAdminApi() throws Exception {
    Process process = startCliWithFileLimit(400, "--admin-token", "adm", "--file-reserve", "32");
    List<Socket> streams = new ArrayList<>();
    try {
      URI base = baseOf(process);
      String refusal = null;
      for (int i = 0; i < 400 && refusal == null; i++) {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
        s.setSoTimeout(10_000);
        streams.add(s);
        s.getOutputStream().write(("GET /v1/sse HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
        String status = in.readLine();
        assertThat(status).as("stream " + i + " got an answer").isNotNull();
        if (!status.startsWith("HTTP/1.1 200")) {
          StringBuilder answer = new StringBuilder(status).append('\n');
          for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            answer.append(line).append('\n');
          }
          char[] body = new char[200];
          int n = in.read(body);
          refusal = answer.append(new String(body, 0, Math.max(0, n))).toString();
        }
      }
      assertThat(refusal).as("a stream was refused before the files ran out").isNotNull()
          .startsWith("HTTP/1.1 503").contains("\"code\":\"HUB_FULL\"");
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> stats = http.send(HttpRequest.newBuilder(base.resolve("/v1/admin/stats"))
          .header("Authorization", "Bearer adm").timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(stats.statusCode()).isEqualTo(200);
      assertThat(stats.body()).contains("\"connections\"");
    } finally {
      for (Socket s : streams) {
        s.close();
      }
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void oneTokensNewClientIdsAreRefusedPastItsBoundWhileASmallHeapHubKeepsServingOthers() throws Exception {
    String javaBin = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(javaBin, "-Xmx32m", "-cp", System.getProperty("java.class.path"),
        HubCommand.class.getName(), "--port", "0", "--token", "greedy", "--token", "other",
        "--heartbeat", "100ms", "--max-client-ids-per-principal", "2000")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      URI base = baseOf(process);
      int accepted = 0;
      int refused = 0;
      for (int i = 0; i < 2_300; i++) {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
          s.setSoTimeout(10_000);
          s.getOutputStream().write(("GET /v1/sse HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer greedy\r\n"
              + "X-Client-ID: id-" + i + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1))
              .readLine();
          if (status.startsWith("HTTP/1.1 200")) {
            accepted++;
          } else {
            assertThat(status).startsWith("HTTP/1.1 429");
            refused++;
          }
        }
      }
      assertThat(accepted).isEqualTo(2_000);
      assertThat(refused).isEqualTo(300);
      try (EventStream other = EventStream.open(base.resolve("/v1/sse"),
          java.util.Map.of("Authorization", "Bearer other", "X-Client-ID", "mine"))) {
        assertThat(other.status()).isEqualTo(200);
        other.next("connected");
      }
      assertThat(process.isAlive()).isTrue();
    } finally {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aSmallHeapHubStartsOnAJournalWithALineLargerThanItsHeapAndKeepsTheWholeLinesAround() throws Exception {
    Path journal = dir.resolve("huge.journal");
    try (java.io.OutputStream out = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(journal))) {
      out.write("{\"id\":\"before\",\"data\":\"kept\",\"timestamp\":".getBytes(StandardCharsets.UTF_8));
      out.write((System.currentTimeMillis() + "}\n{\"id\":\"huge\",\"data\":\"").getBytes(StandardCharsets.UTF_8));
      byte[] chunk = new byte[1 << 20];
      java.util.Arrays.fill(chunk, (byte) 'a');
      for (int i = 0; i < 64; i++) {
        out.write(chunk); // 64 MiB on one line, twice a 32 MiB heap
      }
      out.write(("\"}\n{\"id\":\"after\",\"data\":\"kept too\",\"timestamp\":" + System.currentTimeMillis() + "}\n")
          .getBytes(StandardCharsets.UTF_8));
    }
    String javaBin = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(javaBin, "-Xmx32m", "-cp", System.getProperty("java.class.path"),
        HubCommand.class.getName(), "--port", "0", "--heartbeat", "100ms", "--journal", journal.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      URI base = baseOf(process);
      try (EventStream s = EventStream.open(base.resolve("/v1/sse"), java.util.Map.of("Last-Event-ID", "before"))) {
        s.next("connected");
        assertThat(s.next().id()).isEqualTo("after");
      }
      assertThat(java.nio.file.Files.size(journal)).as("the journal was rewritten without the huge line")
          .isLessThan(1 << 20);
    } finally {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
