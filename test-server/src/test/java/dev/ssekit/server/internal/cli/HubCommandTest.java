package dev.ssekit.server.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.server.HubConfig;
import dev.ssekit.server.support.EventStream;
import dev.ssekit.server.support.HubClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line: options, --demo, the first output line, SIGTERM. */
class HubCommandTest {

  private static HubConfig parse(String... args) {
    HubCommand command = new HubCommand(System.out);
    new CommandLine(command).parseArgs(args);
    return command.config();
  }

  @Test
  void journalAndLimitOptionsReachTheConfiguration() {
    HubConfig config = parse("--journal", "/tmp/hub.journal", "--max-streams-per-principal", "7",
        "--max-client-ids-per-principal", "8", "--max-client-ids", "9", "--file-reserve", "10");
    assertThat(config.journal()).isEqualTo(Paths.get("/tmp/hub.journal"));
    assertThat(config.limits().streamsPerPrincipal()).isEqualTo(7);
    assertThat(config.limits().clientIdsPerPrincipal()).isEqualTo(8);
    assertThat(config.limits().clientIds()).isEqualTo(9);
    assertThat(config.limits().fileReserve()).isEqualTo(10);
    assertThat(parse().journal()).isNull();
  }

  @Test
  void unackedTrackerTtlReachesTheConfigurationAndDefaultsToTenMinutes() {
    assertThat(parse("--unacked-tracker-ttl", "3s").unackedTrackerTtl()).isEqualTo(Duration.ofSeconds(3));
    assertThat(parse().unackedTrackerTtl()).isEqualTo(Duration.ofMinutes(10));
    // never longer than the buffer TTL, as HubConfig says
    assertThat(parse("--unacked-tracker-ttl", "1h", "--buffer-ttl", "20s").unackedTrackerTtl())
        .isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void demoSetsTokensAndAdminButExplicitOptionsWin() throws Exception {
    HubConfig demo = parse("--demo");
    assertThat(demo.tokenValidator().validate("demo-token")).isTrue();
    assertThat(demo.adminToken()).isEqualTo("demo-admin");
    HubConfig own = parse("--demo", "--token", "mine", "--admin-token", "boss");
    assertThat(own.tokenValidator().validate("demo-token")).isFalse();
    assertThat(own.tokenValidator().validate("mine")).isTrue();
    assertThat(own.adminToken()).isEqualTo("boss");
  }

  @Test
  void durationsAndSizesAreParsed() {
    HubConfig c = parse("--buffer-size", "42", "--buffer-ttl", "2h", "--heartbeat", "250ms",
        "--retry-hint", "PT5S", "--client-queue", "7");
    assertThat(c.bufferSize()).isEqualTo(42);
    assertThat(c.bufferTtl()).isEqualTo(Duration.ofHours(2));
    assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.retryHint()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.clientQueueCapacity()).isEqualTo(7);
    assertThat(c.tokenValidator()).isNull();
  }

  @Test
  void badOptionsAreRefusedWithAMessage() {
    java.io.StringWriter err = new java.io.StringWriter();
    int code = new CommandLine(new HubCommand(System.out)).setErr(new java.io.PrintWriter(err))
        .execute("--heartbeat", "soon");
    assertThat(code).isNotZero();
    assertThat(err.toString()).contains("'soon' is not a duration");
  }

  @Test
  void encryptionPassphraseSwitchesToEncryptedTokens() throws Exception {
    HubConfig c = parse("--encryption-passphrase", "pw", "--token", "alice");
    assertThat(c.cryptoManager()).isNotNull();
    assertThat(c.encryptedTokenValidator().validate("alice")).isTrue();
    assertThat(c.encryptedTokenValidator().validate("bob")).isFalse();
    assertThat(c.tokenValidator()).isNull();
  }

  @Test
  void printsItsUrlFirstServesAndStopsOnSigterm() throws Exception {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        HubCommand.class.getName(), "--port", "0", "--token", "cli-token", "--admin-token", "adm")
        .redirectErrorStream(false)
        .start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String first = out.readLine();
      Matcher m = Pattern.compile("listening on (http://127\\.0\\.0\\.1:(\\d+))").matcher(first);
      assertThat(m.matches()).as(first).isTrue();
      URI base = URI.create(m.group(1));
      try (EventStream stream = EventStream.open(base.resolve("/v1/sse"), Map.of("Authorization", "Bearer cli-token"))) {
        stream.next("connected");
        HubClient.Reply sent = new HubClient(base).admin("/v1/admin/broadcast", "{\"data\":\"via cli\"}", "adm");
        assertThat(stream.next("message").id()).isEqualTo(sent.json().get("id").asText());
        process.destroy(); // SIGTERM
        stream.ended().get(10, TimeUnit.SECONDS);
      }
      assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(List.of(0, 143)).contains(process.exitValue());
    } finally {
      process.destroyForcibly();
    }
  }
}
