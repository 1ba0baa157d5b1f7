package dev.ssekit.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.server.support.EventStream;
import dev.ssekit.server.support.HubClient;
import dev.ssekit.server.support.MutableClock;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Clauses 1, 2 and 4: where tokens come from, what a refusal looks like, rate limiting. */
class AuthTest {

  private SseTestServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HubClient start(HubConfig config) {
    server = SseTestServer.start(config);
    return new HubClient(server.url());
  }

  private HubClient startWithToken(String token) {
    return start(HubConfig.builder().tokenValidator(TokenValidator.staticTokens(token)).build());
  }

  /** Clause 2. */
  @Test
  void missingTokenGets401WithBearerChallengeAndJsonBody() {
    HubClient client = startWithToken("good");
    HubClient.Reply reply = client.get("/v1/sse");
    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer");
    assertThat(reply.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(reply.json().get("code").asText()).isEqualTo("UNAUTHORIZED");
    assertThat(reply.json().get("message").asText()).isEqualTo("Missing token/api-key");
  }

  /** Clause 2. */
  @Test
  void invalidTokenGets403() {
    HubClient client = startWithToken("good");
    HubClient.Reply reply = client.get("/v1/sse", Map.of("Authorization", "Bearer bad"));
    assertThat(reply.status()).isEqualTo(403);
    assertThat(reply.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(reply.json().get("code").asText()).isEqualTo("FORBIDDEN");
    assertThat(reply.json().get("message").asText()).isEqualTo("Invalid or expired token/api-key");
  }

  /** Clause 2. */
  @Test
  void validatorThatThrowsGives500ServerError() {
    HubClient client = start(HubConfig.builder().tokenValidator(token -> {
      throw new IllegalStateException("database down for " + token);
    }).build());
    HubClient.Reply reply = client.get("/v1/sse", Map.of("Authorization", "Bearer any"));
    assertThat(reply.status()).isEqualTo(500);
    assertThat(reply.json().get("code").asText()).isEqualTo("SERVER_ERROR");
    assertThat(reply.json().get("message").asText()).isEqualTo("Token validation failed");
  }

  /** Clause 2. */
  @Test
  void hubWithoutValidatorIsOpen() {
    HubClient client = start(HubConfig.defaults());
    try (EventStream stream = EventStream.open(server.url().resolve("/v1/sse"))) {
      assertThat(stream.status()).isEqualTo(200);
    }
    assertThat(client.get("/v1/sse/missed?client_id=x").status()).isEqualTo(200);
  }

  /** Clause 1. */
  @Test
  void headerTokenWinsOverQueryToken() {
    startWithToken("good");
    try (EventStream headerGood = EventStream.open(server.url().resolve("/v1/sse?token=bad"),
        Map.of("Authorization", "Bearer good"))) {
      assertThat(headerGood.status()).isEqualTo(200);
    }
    try (EventStream headerBad = EventStream.open(server.url().resolve("/v1/sse?token=good"),
        Map.of("Authorization", "Bearer bad"))) {
      assertThat(headerBad.status()).isEqualTo(403);
    }
  }

  /** Clause 1. */
  @Test
  void queryTokenIsUsedWhenThereIsNoHeader() {
    startWithToken("good token+/=");
    String q = URLEncoder.encode("good token+/=", StandardCharsets.UTF_8);
    try (EventStream stream = EventStream.open(server.url().resolve("/v1/sse?token=" + q))) {
      assertThat(stream.status()).isEqualTo(200);
    }
  }

  /** Clause 1. */
  @Test
  void bearerIsStrippedInAnyCaseAndABareHeaderIsTheTokenItself() {
    HubClient client = startWithToken("good");
    for (String value : new String[] {"Bearer good", "bearer good", "BEARER   good", "good"}) {
      assertThat(client.get("/v1/sse/missed?client_id=x", Map.of("Authorization", value)).status())
          .as(value).isEqualTo(200);
    }
    assertThat(client.get("/v1/sse/missed?client_id=x", Map.of("Authorization", "Bearer")).status())
        .isEqualTo(401);
  }

  /** Clause 1: one check for the stream, missed and ack endpoints. */
  @Test
  void missedAndAckEndpointsUseTheSameCheck() {
    HubClient client = startWithToken("good");
    assertThat(client.get("/v1/sse/missed?client_id=x").status()).isEqualTo(401);
    assertThat(client.get("/events/missed-msg?client_id=x&token=bad").status()).isEqualTo(403);
    String ack = "{\"client_id\":\"x\",\"last_event_id\":\"nope\"}";
    assertThat(client.post("/v1/sse/ack", ack, Map.of()).status()).isEqualTo(401);
    assertThat(client.post("/v1/sse/ack", ack, Map.of("Authorization", "Bearer bad")).status()).isEqualTo(403);
    assertThat(client.post("/v1/sse/ack?token=good", ack, Map.of()).status()).isEqualTo(400);
  }

  /** Clause 1: validators set at run time apply to later requests. */
  @Test
  void validatorSetOnTheHubAppliesToLaterRequests() {
    HubClient client = start(HubConfig.defaults());
    assertThat(client.get("/v1/sse/missed?client_id=x").status()).isEqualTo(200);
    server.hub().setTokenValidator(TokenValidator.staticTokens("late"));
    assertThat(client.get("/v1/sse/missed?client_id=x").status()).isEqualTo(401);
    assertThat(client.get("/v1/sse/missed?client_id=x&token=late").status()).isEqualTo(200);
  }

  /** Clause 4. */
  @Test
  void repeatedFailuresFromOneAddressGet429WithRetryAfterThatBacksOff() {
    MutableClock clock = new MutableClock();
    HubClient client = start(HubConfig.builder().tokenValidator(TokenValidator.staticTokens("good"))
        .authFailureLimit(3).authFailureWindow(Duration.ofSeconds(60)).clock(clock).build());
    Map<String, String> bad = Map.of("Authorization", "Bearer bad");
    for (int i = 0; i < 3; i++) {
      assertThat(client.get("/v1/sse/missed?client_id=x", bad).status()).isEqualTo(403);
    }
    HubClient.Reply locked = client.get("/v1/sse/missed?client_id=x", Map.of("Authorization", "Bearer good"));
    assertThat(locked.status()).isEqualTo(429);
    assertThat(locked.json().get("code").asText()).isEqualTo("TOO_MANY_REQUESTS");
    assertThat(locked.header("Retry-After")).isEqualTo("1");

    clock.advance(Duration.ofSeconds(2));
    for (int i = 0; i < 3; i++) {
      assertThat(client.get("/v1/sse/missed?client_id=x", bad).status()).isEqualTo(403);
    }
    assertThat(client.get("/v1/sse/missed?client_id=x", bad).header("Retry-After")).isEqualTo("2");

    clock.advance(Duration.ofSeconds(3));
    assertThat(client.get("/v1/sse/missed?client_id=x", Map.of("Authorization", "Bearer good")).status())
        .isEqualTo(200);
    assertThat(server.hub().stats().authFailures()).isEqualTo(8);
  }
}
