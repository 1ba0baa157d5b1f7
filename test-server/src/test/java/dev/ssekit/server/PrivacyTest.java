package dev.ssekit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.server.support.EventStream;
import dev.ssekit.server.support.HubClient;
import dev.ssekit.server.support.TestEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Clauses 8, 14, 15, 17 and 23: nothing of a private message shows to anyone else, not its id in a join
 * position or a gap notice, nor its existence in the answer to a resume or an ack.
 */
class PrivacyTest {

  private SseTestServer server;
  private HubClient client;

  private void start(HubConfig.Builder config) {
    server = SseTestServer.start(config.tokenValidator(TokenValidator.staticTokens("alice", "mallory"))
        .heartbeatInterval(Duration.ofMillis(50)).build());
    client = new HubClient(server.url());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static Map<String, String> as(String token, String clientId, String lastEventId) {
    Map<String, String> h = new HashMap<>();
    h.put("Authorization", "Bearer " + token);
    h.put("X-Client-ID", clientId);
    if (lastEventId != null) {
      h.put("Last-Event-ID", lastEventId);
    }
    return h;
  }

  private EventStream open(String token, String clientId, String lastEventId) {
    EventStream s = EventStream.open(server.url().resolve("/v1/sse"), as(token, clientId, lastEventId));
    assertThat(s.status()).isEqualTo(200);
    return s;
  }

  private static JsonNode json(String data) {
    try {
      return HubClient.JSON.readTree(data);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Mallory's own client "tablet" exists, so private sends to it are accepted. */
  private void malloryHasATablet() {
    try (EventStream tablet = open("mallory", "tablet", null)) {
      tablet.next("connected");
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> server.hub().getClientCount() == 0);
  }

  @Test
  void theJoinPositionNeverNamesAnotherClientsPrivateMessage() {
    start(HubConfig.builder());
    malloryHasATablet();
    String broadcast = server.hub().broadcast(Message.of("public"));
    server.hub().sendToClient("tablet", Message.of("secret").withId("mallory-salary-raise"));
    try (EventStream alice = open("alice", "phone", null)) {
      assertThat(json(alice.next("connected").data()).get("last_event_id").asText()).isEqualTo(broadcast);
    }
  }

  @Test
  void beforeAnyMessageItMaySeeAClientJoinsAtTheOriginAndResumingFromItLosesNothing() {
    start(HubConfig.builder());
    malloryHasATablet();
    String secret = server.hub().sendToClient("tablet", Message.of("secret"));
    String join;
    try (EventStream alice = open("alice", "phone", null)) {
      join = json(alice.next("connected").data()).get("last_event_id").asText();
    }
    assertThat(join).isNotEqualTo(secret).endsWith("-0");
    String later = server.hub().broadcast(Message.of("later"));
    try (EventStream back = open("alice", "phone", join)) {
      back.next("connected");
      TestEvent next = back.next();
      assertThat(next.type()).isEqualTo("message");
      assertThat(next.id()).isEqualTo(later);
    }
  }

  @Test
  void theGapNoticeNamesTheOldestMessageTheClientMaySee() {
    start(HubConfig.builder().bufferSize(3));
    malloryHasATablet();
    server.hub().broadcast(Message.of("evicted"));
    server.hub().sendToClient("tablet", Message.of("secret").withId("mallory-diagnosis"));
    String oldestVisible = server.hub().broadcast(Message.of("public 1"));
    server.hub().broadcast(Message.of("public 2"));
    try (EventStream alice = open("alice", "phone", "unknown-id")) {
      alice.next("connected");
      TestEvent gap = alice.next();
      assertThat(gap.type()).isEqualTo("gap");
      assertThat(gap.data()).doesNotContain("mallory-diagnosis");
      assertThat(json(gap.data()).get("oldest_available_id").asText()).isEqualTo(oldestVisible);
    }
  }

  @Test
  void theGapNoticeOfAClientThatMaySeeNothingHeldNamesNoId() {
    start(HubConfig.builder());
    malloryHasATablet();
    server.hub().sendToClient("tablet", Message.of("secret").withId("mallory-only"));
    try (EventStream alice = open("alice", "phone", "unknown-id")) {
      alice.next("connected");
      TestEvent gap = alice.next();
      assertThat(gap.type()).isEqualTo("gap");
      assertThat(json(gap.data()).get("oldest_available_id").isNull()).isTrue();
    }
  }

  @Test
  void resumingFromAnotherClientsPrivateIdIsAnsweredAsForAnIdThatNeverExisted() {
    start(HubConfig.builder());
    malloryHasATablet();
    server.hub().sendToClient("tablet", Message.of("secret").withId("tablet-secret"));
    String hubAssigned = server.hub().sendToClient("tablet", Message.of("secret too"));
    String after = server.hub().broadcast(Message.of("public"));
    for (String probe : new String[] {"tablet-secret", hubAssigned, "never-issued"}) {
      try (EventStream alice = open("alice", "phone", probe)) {
        alice.next("connected");
        TestEvent gap = alice.next();
        assertThat(gap.type()).as(probe).isEqualTo("gap");
        assertThat(json(gap.data()).get("oldest_available_id").asText()).as(probe).isEqualTo(after);
        assertThat(alice.next().id()).as(probe).isEqualTo(after);
      }
      HubClient.Reply missed = client.get("/v1/sse/missed?client_id=phone&last_received_id=" + probe,
          Map.of("Authorization", "Bearer alice"));
      assertThat(missed.status()).as(probe).isEqualTo(200);
      assertThat(missed.header("X-Ssekit-Gap")).as(probe).isEqualTo("true");
      assertThat(missed.json()).as(probe).hasSize(1);
    }
  }

  @Test
  void anAckOfAnotherClientsPrivateIdIsAnsweredAsForAnIdThatNeverExisted() {
    start(HubConfig.builder());
    malloryHasATablet();
    try (EventStream alice = open("alice", "phone", null)) {
      alice.next("connected");
      server.hub().sendToClient("tablet", Message.of("secret").withId("tablet-secret"));
      String hubAssigned = server.hub().sendToClient("tablet", Message.of("secret too"));
      HubClient.Reply never = ack("phone", "never-issued");
      assertThat(never.status()).isEqualTo(400);
      for (String probe : new String[] {"tablet-secret", hubAssigned}) {
        HubClient.Reply reply = ack("phone", probe);
        assertThat(reply.status()).as(probe).isEqualTo(never.status());
        assertThat(reply.body()).as(probe).isEqualTo(never.body());
      }
      assertThat(server.hub().getDeliveryManager().getClientTracker("phone").orElseThrow().lastAckedId()).isNull();
    }
  }

  @Test
  void anAckOfAnotherClientsCallerChosenPrivateIdStaysRefusedAfterNewerPrivateMessagesPushedOutItsRecipient() {
    // The hub remembers N = max(bufferSize, clientQueue) = 20 caller-chosen ids, and 20 private recipients.
    start(HubConfig.builder().bufferSize(20).clientQueueCapacity(20));
    malloryHasATablet();
    server.hub().sendToClient("tablet", Message.of("secret").withId("tablet-plan"));
    for (int i = 0; i < 20; i++) {
      server.hub().sendToClient("tablet", Message.of("newer " + i)); // hub-assigned ids, all private
    }
    // The hub still knows where "tablet-plan" stands: its own client's ack of it is taken.
    assertThat(client.post("/v1/sse/ack", "{\"client_id\":\"tablet\",\"last_event_id\":\"tablet-plan\"}",
        Map.of("Authorization", "Bearer mallory")).status()).isEqualTo(204);
    try (EventStream alice = open("alice", "phone", null)) {
      alice.next("connected");
      HubClient.Reply never = ack("phone", "never-issued");
      HubClient.Reply probe = ack("phone", "tablet-plan");
      assertThat(never.status()).isEqualTo(400);
      assertThat(probe.status()).isEqualTo(never.status());
      assertThat(probe.body()).isEqualTo(never.body());
      assertThat(server.hub().getDeliveryManager().getClientTracker("phone").orElseThrow().lastAckedId()).isNull();
    }
  }

  private HubClient.Reply ack(String clientId, String id) {
    return client.post("/v1/sse/ack", "{\"client_id\":\"" + clientId + "\",\"last_event_id\":\"" + id + "\"}",
        Map.of("Authorization", "Bearer alice"));
  }

  @Test
  void probingForAnotherPrincipalsClientIdsIsRateLimitedLikeAuthFailures() {
    start(HubConfig.builder().authFailureLimit(5));
    malloryHasATablet();
    Map<String, String> alice = Map.of("Authorization", "Bearer alice");
    for (int i = 0; i < 4; i++) {
      assertThat(client.get("/v1/sse/missed?client_id=tablet", alice).status()).isEqualTo(403);
    }
    assertThat(client.post("/v1/sse/ack", "{\"client_id\":\"tablet\",\"last_event_id\":\"x\"}", alice).status())
        .isEqualTo(403);
    try (EventStream probe = EventStream.open(server.url().resolve("/v1/sse"), as("alice", "tablet", null))) {
      assertThat(probe.status()).isEqualTo(403);
    }
    // Six failures: the bucket (5 per minute, leaking as time passes) is full.
    HubClient.Reply locked = client.get("/v1/sse/missed?client_id=tablet", alice);
    assertThat(locked.status()).isEqualTo(429);
    assertThat(locked.json().get("code").asText()).isEqualTo("TOO_MANY_REQUESTS");
    assertThat(server.hub().stats().authFailures()).isGreaterThanOrEqualTo(6);
    await().atMost(Duration.ofSeconds(5)).until(() -> server.hub().getClientCount() == 0);
  }

  @Test
  void aConnectRefused409BecauseTheOwnerIsStreamingCountsAsAnAuthFailure() {
    start(HubConfig.builder());
    try (EventStream alice = open("alice", "phone", null)) {
      alice.next("connected");
      try (EventStream mallory = EventStream.open(server.url().resolve("/v1/sse"), as("mallory", "phone", null))) {
        assertThat(mallory.status()).isEqualTo(409);
      }
      assertThat(server.hub().stats().authFailures()).isEqualTo(1);
    }
  }
}
