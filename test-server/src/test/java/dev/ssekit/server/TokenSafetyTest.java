package dev.ssekit.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.server.internal.CachingTokenValidator;
import dev.ssekit.server.internal.http.Redaction;
import dev.ssekit.server.support.HubClient;
import dev.ssekit.server.support.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Clause 5: tokens never logged, constant-time static tokens, the caching decorator. */
class TokenSafetyTest {

  @Test
  void loggedUrlsCarryNoTokenNotEvenInPart() {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (SseTestServer server = SseTestServer.start(HubConfig.builder()
        .tokenValidator(token -> {
          if (token.startsWith("boom")) {
            throw new IllegalStateException("lookup failed for " + token);
          }
          if (token.startsWith("error")) {
            throw new AssertionError("validator bug on " + token); // an Error, not an Exception
          }
          return token.equals("s3cret-good");
        }).build())) {
      HubClient client = new HubClient(server.url());
      client.get("/v1/sse/missed?client_id=x&token=s3cret-wrong-zzz");
      client.get("/v1/sse/missed?client_id=x&%74oken=s3cret-sneaky-yyy");
      client.get("/v1/sse/missed?client_id=x&token=boom-s3cret-xxx");
      assertThat(client.get("/v1/sse/missed?client_id=x", Map.of("Authorization", "Bearer error-s3cret-vvv"))
          .status()).isEqualTo(500);
      client.get("/v1/sse/missed?client_id=x", Map.of("Authorization", "Bearer s3cret-header-www"));
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log).contains("auth failed").contains("token validator failed");
    assertThat(log).doesNotContain("s3cret").doesNotContain("wrong-zzz").doesNotContain("sneaky")
        .doesNotContain("xxx").doesNotContain("www").doesNotContain("vvv");
  }

  @Test
  void redactionCoversBothSecretParametersAndLeavesTheRest() {
    assertThat(Redaction.redact(URI.create("/v1/sse?client_id=a&token=abc&encrypted_token=x%2By&last_event_id=9")))
        .isEqualTo("/v1/sse?client_id=a&token=REDACTED&encrypted_token=REDACTED&last_event_id=9");
    assertThat(Redaction.redact(URI.create("/v1/sse?TOKEN=abc"))).isEqualTo("/v1/sse?TOKEN=REDACTED");
  }

  @Test
  void staticTokensAcceptExactlyTheirTokens() throws Exception {
    TokenValidator v = TokenValidator.staticTokens("alpha", "beta");
    assertThat(v.validate("alpha")).isTrue();
    assertThat(v.validate("beta")).isTrue();
    assertThat(v.validate("alph")).isFalse();
    assertThat(v.validate("alphaa")).isFalse();
    assertThat(v.validate("")).isFalse();
  }

  @Test
  void cachingValidatorRemembersOnlyPositiveAnswersForItsTtl() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    MutableClock clock = new MutableClock();
    TokenValidator slow = token -> {
      calls.incrementAndGet();
      return token.equals("ok");
    };
    TokenValidator cached = new CachingTokenValidator(slow, 2, Duration.ofMinutes(1), clock);
    assertThat(cached.validate("ok")).isTrue();
    assertThat(cached.validate("ok")).isTrue();
    assertThat(calls).hasValue(1);
    assertThat(cached.validate("no")).isFalse();
    assertThat(cached.validate("no")).isFalse();
    assertThat(calls).hasValue(3);
    clock.advance(Duration.ofMinutes(2));
    assertThat(cached.validate("ok")).isTrue();
    assertThat(calls).hasValue(4);
  }

  @Test
  void cachingValidatorIsBoundedInSize() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    TokenValidator cached = TokenValidator.caching(t -> {
      calls.incrementAndGet();
      return true;
    }, 2, Duration.ofMinutes(1));
    cached.validate("a");
    cached.validate("b");
    cached.validate("c"); // evicts "a"
    cached.validate("a");
    assertThat(calls).hasValue(4);
    cached.validate("c");
    assertThat(calls).hasValue(4);
  }
}
