package dev.ssekit.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssekit.server.HubConfig;
import dev.ssekit.server.SseTestServer;
import dev.ssekit.server.TokenValidator;
import dev.ssekit.server.support.HubClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Clause 5: refused requests are logged as a count and one short sample, at most a line a second. */
class RefusalLogTest {

  private static final Pattern LINE = Pattern.compile("auth failed: (\\d+) request\\(s\\) refused.*");
  private static final Pattern VALIDATOR_LINE =
      Pattern.compile("token validator failed: (\\d+) request\\(s\\) answered 500.*");

  @Test
  void aFloodOfBadTokensIsLoggedAsAFewShortCountedLines() {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    int requests = 600;
    long started = System.nanoTime();
    try (SseTestServer server = SseTestServer.start(HubConfig.builder()
        .tokenValidator(TokenValidator.staticTokens("good")).authFailureLimit(1_000_000)
        .heartbeatInterval(Duration.ofMillis(100)).build())) {
      HubClient client = new HubClient(server.url());
      String longPath = "/v1/sse/missed?client_id=" + "x".repeat(200) + "&token=s3cret-" + "y".repeat(100);
      for (int i = 0; i < requests; i++) {
        assertThat(client.get(i % 2 == 0 ? longPath : "/v1/sse?token=s3cret-bad").status()).isEqualTo(403);
      }
      // The housekeeping thread writes the line for the last refusals once their second is over.
      await().atMost(Duration.ofSeconds(10)).until(() -> total(lines(captured), LINE) == requests);
    } finally {
      System.setErr(original);
    }
    long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
    List<String> lines = lines(captured);
    assertThat(lines.size()).isLessThanOrEqualTo((int) seconds + 2);
    assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThan(250));
    assertThat(String.join("\n", lines)).doesNotContain("s3cret").doesNotContain("yyy").contains("403 from ");
  }

  @Test
  void aValidatorThatFailsOnEveryRequestIsLoggedAsAFewShortCountedLines() {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    int requests = 400;
    long started = System.nanoTime();
    try (SseTestServer server = SseTestServer.start(HubConfig.builder()
        .tokenValidator(token -> {
          throw new IllegalStateException("the token store is down; token " + token);
        })
        .heartbeatInterval(Duration.ofMillis(100)).build())) {
      HubClient client = new HubClient(server.url());
      String longPath = "/v1/sse/missed?client_id=" + "x".repeat(200) + "&token=s3cret-" + "y".repeat(100);
      for (int i = 0; i < requests; i++) {
        assertThat(client.get(i % 2 == 0 ? longPath : "/v1/sse?token=s3cret-" + i).status()).isEqualTo(500);
      }
      await().atMost(Duration.ofSeconds(10))
          .until(() -> total(lines(captured, "token validator failed"), VALIDATOR_LINE) == requests);
    } finally {
      System.setErr(original);
    }
    long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
    List<String> lines = lines(captured, "token validator failed");
    assertThat(lines.size()).isLessThanOrEqualTo((int) seconds + 2);
    assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThan(250));
    assertThat(String.join("\n", lines)).doesNotContain("s3cret").doesNotContain("yyy").doesNotContain("store is down")
        .contains("500 from ").contains("IllegalStateException");
  }

  private static List<String> lines(ByteArrayOutputStream captured) {
    return lines(captured, "auth failed");
  }

  private static List<String> lines(ByteArrayOutputStream captured, String marker) {
    return captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(marker)).toList();
  }

  private static long total(List<String> lines, Pattern pattern) {
    long n = 0;
    for (String l : lines) {
      Matcher m = pattern.matcher(l);
      if (m.find()) {
        n += Long.parseLong(m.group(1));
      }
    }
    return n;
  }
}
