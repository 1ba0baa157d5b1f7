package dev.ssekit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssekit.server.support.EventStream;
import dev.ssekit.server.support.HubClient;
import dev.ssekit.server.support.MutableClock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Clause 23: a client id belongs to the principal that first opened it. */
class PrincipalTest {

  private SseTestServer server;
  private HubClient client;

  private final MutableClock clock = new MutableClock();

  private void start(TokenValidator validator) {
    // Short heartbeats, so a stream whose client left is noticed (and counted gone) quickly.
    server = SseTestServer.start(HubConfig.builder().tokenValidator(validator).clock(clock)
        .heartbeatInterval(Duration.ofMillis(50)).build());
    client = new HubClient(server.url());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static Map<String, String> as(String token, String clientId) {
    return Map.of("Authorization", "Bearer " + token, "X-Client-ID", clientId);
  }

  private EventStream openAs(String token, String clientId) {
    EventStream s = EventStream.open(server.url().resolve("/v1/sse"), as(token, clientId));
    s.next("connected");
    return s;
  }

  @Test
  void anotherPrincipalCannotReadTheMissedMessagesOfAClientIdItDoesNotOwn() {
    start(TokenValidator.staticTokens("alice", "mallory"));
    try (EventStream alice = openAs("alice", "phone")) {
      server.hub().sendToClient("phone", Message.of("secret"));
      HubClient.Reply theirs = client.get("/v1/sse/missed?client_id=phone", Map.of("Authorization", "Bearer mallory"));
      assertThat(theirs.status()).isEqualTo(403);
      assertThat(theirs.json().get("code").asText()).isEqualTo("CLIENT_ID_FORBIDDEN");
      assertThat(theirs.body()).doesNotContain("secret");
      HubClient.Reply own = client.get("/v1/sse/missed?client_id=phone", Map.of("Authorization", "Bearer alice"));
      assertThat(own.status()).isEqualTo(200);
      assertThat(own.body()).contains("secret");
    }
  }

  @Test
  void anotherPrincipalCannotAcknowledgeForAClientIdItDoesNotOwn() {
    start(TokenValidator.staticTokens("alice", "mallory"));
    try (EventStream alice = openAs("alice", "phone")) {
      String id = server.hub().sendToClient("phone", Message.of("secret"));
      String body = "{\"client_id\":\"phone\",\"last_event_id\":\"" + id + "\"}";
      HubClient.Reply reply = client.post("/v1/sse/ack", body, Map.of("Authorization", "Bearer mallory"));
      assertThat(reply.status()).isEqualTo(403);
      assertThat(server.hub().getDeliveryManager().getClientTracker("phone").orElseThrow().lastAckedId()).isNull();
      assertThat(client.post("/v1/sse/ack", body, Map.of("Authorization", "Bearer alice")).status()).isEqualTo(204);
    }
  }

  @Test
  void anotherPrincipalCannotTakeOverAnOpenStreamWhichKeepsReceiving() {
    start(TokenValidator.staticTokens("alice", "mallory"));
    try (EventStream alice = openAs("alice", "phone");
        EventStream mallory = EventStream.open(server.url().resolve("/v1/sse"), as("mallory", "phone"))) {
      assertThat(mallory.status()).isEqualTo(409);
      server.hub().sendToClient("phone", Message.of("still mine"));
      assertThat(alice.next("message").data()).isEqualTo("still mine");
      assertThat(server.hub().getClientCount()).isEqualTo(1);
    }
  }

  @Test
  void anotherPrincipalCannotOpenAClientIdWhoseOwnerIsOffline() {
    start(TokenValidator.staticTokens("alice", "mallory"));
    openAs("alice", "phone").close();
    await().atMost(Duration.ofSeconds(5)).until(() -> server.hub().getClientCount() == 0);
    try (EventStream mallory = EventStream.open(server.url().resolve("/v1/sse"), as("mallory", "phone"))) {
      assertThat(mallory.status()).isEqualTo(403);
    }
  }

  @Test
  void whoeverClaimsAClientIdAfterItsTrackerExpiredSeesNoneOfTheOldPrivateMessages() {
    start(TokenValidator.staticTokens("alice", "mallory"));
    String before = server.hub().broadcast(Message.of("public"));
    openAs("alice", "phone").close();
    await().atMost(Duration.ofSeconds(5)).until(() -> server.hub().getClientCount() == 0);
    server.hub().sendToClient("phone", Message.of("secret"));
    clock.advance(Duration.ofMinutes(11)); // alice never acked: her tracker expires after 10 minutes
    await().atMost(Duration.ofSeconds(5))
        .until(() -> server.hub().getDeliveryManager().getClientTracker("phone").isEmpty());
    HubClient.Reply missed = client.get("/v1/sse/missed?client_id=phone", Map.of("Authorization", "Bearer mallory"));
    assertThat(missed.status()).isEqualTo(200);
    assertThat(missed.body()).contains("public").doesNotContain("secret");
    Map<String, String> headers = new java.util.HashMap<>(as("mallory", "phone"));
    headers.put("Last-Event-ID", before);
    try (EventStream mallory = EventStream.open(server.url().resolve("/v1/sse"), headers)) {
      mallory.next("connected");
      String marker = server.hub().broadcast(Message.of("marker"));
      assertThat(mallory.next("message").id()).isEqualTo(marker);
    }
  }

  @Test
  void theSamePrincipalReplacesItsOwnStream() {
    start(TokenValidator.staticTokens("alice", "mallory"));
    try (EventStream first = openAs("alice", "phone"); EventStream second = openAs("alice", "phone")) {
      first.ended().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join();
      server.hub().broadcast(Message.of("to the new one"));
      assertThat(second.next("message").data()).isEqualTo("to the new one");
    }
  }

  @Test
  void aCustomValidatorNamesThePrincipalSoTwoTokensOfOneUserShareAClientId() {
    start(TokenValidator.ofPrincipals(token -> token.startsWith("alice-") ? "alice" : token.startsWith("bob-") ? "bob" : null));
    try (EventStream laptop = openAs("alice-session-1", "laptop")) {
      try (EventStream again = openAs("alice-session-2", "laptop")) {
        laptop.ended().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join();
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> server.hub().getClientCount() == 0);
      try (EventStream bob = EventStream.open(server.url().resolve("/v1/sse"), as("bob-1", "laptop"))) {
        assertThat(bob.status()).isEqualTo(403);
      }
    }
  }

  @Test
  void hubAssignedClientIdsCarry128RandomBits() {
    start(TokenValidator.staticTokens("alice"));
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      try (EventStream s = EventStream.open(server.url().resolve("/v1/sse"), Map.of("Authorization", "Bearer alice"))) {
        String clientId = parse(s, s.next("connected").data());
        assertThat(clientId).matches("c-[0-9a-f]{32}");
        seen.add(clientId);
      }
    }
    assertThat(seen).hasSize(20);
  }

  private static String parse(EventStream s, String connectedData) {
    try {
      return HubClient.JSON.readTree(connectedData).get("client_id").asText();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
