package dev.ssekit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.server.support.EventStream;
import dev.ssekit.server.support.HubClient;
import dev.ssekit.server.support.MutableClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Clauses 4, 7, 11, 16, 17 and 22: limits on what a client may make the hub hold, with clear errors. */
class LimitsTest {

  private SseTestServer server;
  private HubClient client;

  private void start(HubConfig config) {
    server = SseTestServer.start(config);
    client = new HubClient(server.url());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HubClient.Reply ack(String clientIdJson, String id) {
    return client.post("/v1/sse/ack", "{\"client_id\":" + clientIdJson + ",\"last_event_id\":\"" + id + "\"}", Map.of());
  }

  @Test
  void tenRoundsOfNineteenWrongAdminTokensAndOneGoodRequestShow429s() {
    start(HubConfig.builder().adminToken("adm").build());
    int tooMany = 0;
    for (int round = 0; round < 10; round++) {
      for (int i = 0; i < 19; i++) {
        int status = client.admin("/v1/admin/stats", null, "wrong-" + i).status();
        assertThat(status).isIn(403, 429);
        tooMany += status == 429 ? 1 : 0;
      }
      client.admin("/v1/admin/stats", null, "adm");
    }
    assertThat(tooMany).isGreaterThan(0);
  }

  @Test
  void aSuccessfulRequestDoesNotWipeEarlierFailures() {
    start(HubConfig.builder().tokenValidator(TokenValidator.staticTokens("good")).authFailureLimit(5).build());
    for (int i = 0; i < 4; i++) {
      assertThat(client.get("/v1/sse/missed?client_id=a", Map.of("Authorization", "Bearer bad")).status()).isEqualTo(403);
    }
    assertThat(client.get("/v1/sse/missed?client_id=a", Map.of("Authorization", "Bearer good")).status()).isEqualTo(200);
    // Had the success wiped the four failures, two more would be far from the limit of five.
    assertThat(client.get("/v1/sse/missed?client_id=a", Map.of("Authorization", "Bearer bad")).status()).isEqualTo(403);
    client.get("/v1/sse/missed?client_id=a", Map.of("Authorization", "Bearer bad"));
    HubClient.Reply locked = client.get("/v1/sse/missed?client_id=a", Map.of("Authorization", "Bearer good"));
    assertThat(locked.status()).isEqualTo(429);
    assertThat(locked.header("Retry-After")).isNotNull();
  }

  @Test
  void anAckNeverCreatesATrackerAndAnUnknownClientIdGets404() {
    start(HubConfig.defaults());
    String id = server.hub().broadcast(Message.of("x"));
    HubClient.Reply reply = ack("\"nobody\"", id);
    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.json().get("code").asText()).isEqualTo("UNKNOWN_CLIENT");
    assertThat(server.hub().getDeliveryManager().getAllClients()).isEmpty();
  }

  @Test
  void clientIdsAreCheckedOnAckAndMissedLikeOnTheStream() {
    start(HubConfig.defaults());
    String id = server.hub().broadcast(Message.of("x"));
    for (String bad : new String[] {"\"" + "a".repeat(257) + "\"", "\"a\\r\\nb\"", "\"a\\u0000b\"", "\"a\\nb\""}) {
      HubClient.Reply reply = ack(bad, id);
      assertThat(reply.status()).as(bad).isEqualTo(400);
      assertThat(reply.json().get("code").asText()).isEqualTo("BAD_REQUEST");
    }
    assertThat(client.get("/v1/sse/missed?client_id=" + "m".repeat(257)).status()).isEqualTo(400);
    assertThat(client.get("/v1/sse/missed?client_id=a%0Db").status()).isEqualTo(400);
    assertThat(client.get("/v1/sse/missed?client_id=a%00b").status()).isEqualTo(400);
    assertThat(client.get("/v1/sse/missed?client_id=" + "m".repeat(256)).status()).isEqualTo(200);
    assertThat(server.hub().getDeliveryManager().getAllClients()).isEmpty();
  }

  @Test
  void aMessageIdLongerThanAClientMayResumeFromIsRefused() {
    start(HubConfig.builder().adminToken("adm").build());
    String tooLong = "i".repeat(Message.MAX_ID_LENGTH + 1);
    assertThatThrownBy(() -> Message.of("x").withId(tooLong)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("256");
    HubClient.Reply reply = client.admin("/v1/admin/broadcast", "{\"data\":\"x\",\"id\":\"" + tooLong + "\"}", "adm");
    assertThat(reply.status()).isEqualTo(400);
    String longest = "i".repeat(Message.MAX_ID_LENGTH);
    assertThat(client.admin("/v1/admin/broadcast", "{\"data\":\"x\",\"id\":\"" + longest + "\"}", "adm").status())
        .isEqualTo(200);
    try (EventStream s = EventStream.open(server.url().resolve("/v1/sse"), Map.of("Last-Event-ID", longest))) {
      assertThat(s.status()).isEqualTo(200);
      assertThat(s.next("connected")).isNotNull();
    }
  }

  @Test
  void missedAnswersAtMostLimitMessagesAndSaysWhenThereAreMore() {
    start(HubConfig.defaults());
    for (int i = 0; i < 150; i++) {
      server.hub().broadcast(Message.of("m" + i));
    }
    HubClient.Reply byDefault = client.get("/v1/sse/missed?client_id=a");
    assertThat(byDefault.json()).hasSize(100);
    assertThat(byDefault.header("X-Ssekit-More")).isEqualTo("true");
    assertThat(byDefault.header("Access-Control-Expose-Headers")).contains("X-Ssekit-More", "X-Ssekit-Gap");
    assertThat(byDefault.json().get(0).get("data").asText()).isEqualTo("m0");
    HubClient.Reply all = client.get("/v1/sse/missed?client_id=a&limit=1000");
    assertThat(all.json()).hasSize(150);
    assertThat(all.header("X-Ssekit-More")).isNull();
    assertThat(all.header("Transfer-Encoding")).isEqualTo("chunked");
    for (String bad : new String[] {"0", "1001", "-1", "x", "99999999999"}) {
      assertThat(client.get("/v1/sse/missed?client_id=a&limit=" + bad).status()).as(bad).isEqualTo(400);
    }
  }

  @Test
  void trackersOfClientsThatNeverAckedExpireSooner() {
    MutableClock clock = new MutableClock();
    start(HubConfig.builder().clock(clock).heartbeatInterval(Duration.ofMillis(50))
        .unackedTrackerTtl(Duration.ofMinutes(10)).bufferTtl(Duration.ofHours(24)).build());
    try (EventStream quiet = EventStream.open(server.url().resolve("/v1/sse"), Map.of("X-Client-ID", "quiet"))) {
      quiet.next("connected");
    }
    try (EventStream s = EventStream.open(server.url().resolve("/v1/sse"), Map.of("X-Client-ID", "acker"))) {
      s.next("connected");
      String id = server.hub().broadcast(Message.of("x"));
      assertThat(ack("\"acker\"", id).status()).isEqualTo(204);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> server.hub().getClientCount() == 0);
    clock.advance(Duration.ofMinutes(11));
    await().atMost(Duration.ofSeconds(5))
        .until(() -> server.hub().getDeliveryManager().getClientTracker("quiet").isEmpty());
    assertThat(server.hub().getDeliveryManager().getClientTracker("acker")).isPresent();
  }

  @Test
  void adminJsonIsReadStrictly() {
    start(HubConfig.builder().adminToken("adm").build());
    assertThat(client.admin("/v1/admin/broadcast", "{\"data\":\"x\"} trailing", "adm").status()).isEqualTo(400);
    assertThat(client.admin("/v1/admin/broadcast", "{\"data\":\"x\"}{}", "adm").status()).isEqualTo(400);
    assertThat(client.admin("/v1/admin/broadcast", "{\"data\":\"x\",\"data\":\"y\"}", "adm").status()).isEqualTo(400);
    try (EventStream s = EventStream.open(server.url().resolve("/v1/sse"))) {
      s.next("connected");
      String exact = "{\"big\":123456789012345678901234567890,\"price\":1.10,\"tiny\":1E-400}";
      assertThat(client.admin("/v1/admin/broadcast", "{\"data\":" + exact + "}", "adm").status()).isEqualTo(200);
      JsonNode sent = readTree(s.next("message").data());
      assertThat(sent.get("big").isTextual()).isFalse();
      assertThat(sent.get("big").bigIntegerValue()).hasToString("123456789012345678901234567890");
      assertThat(s.drain()).isEmpty();
      assertThat(readTreeText(exact)).isEqualTo(sent.toString());
    }
  }

  private static JsonNode readTree(String s) {
    try {
      return HubClient.JSON.readTree(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String readTreeText(String s) {
    return readTree(s).toString();
  }
}
