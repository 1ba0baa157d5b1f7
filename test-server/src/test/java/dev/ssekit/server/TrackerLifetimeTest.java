package dev.ssekit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssekit.server.internal.DefaultHub;
import dev.ssekit.server.support.EventStream;
import dev.ssekit.server.support.HubClient;
import dev.ssekit.server.support.MutableClock;
import dev.ssekit.server.support.RawStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Clauses 17 and 23: a tracker lives while its client is connected, and for its TTL after the client left,
 * whichever path ended the stream; the client id's owner is the tracker's, so private messages stay with it.
 */
class TrackerLifetimeTest {

  private static final Duration PAST_UNACKED_TTL = Duration.ofMinutes(11);

  private final MutableClock clock = new MutableClock();
  private SseTestServer server;
  private HubClient client;

  /** Short heartbeats, so the hub soon finds that a client went away. */
  private void start(HubConfig.Builder config) {
    start(config, Duration.ofMillis(50));
  }

  private void start(HubConfig.Builder config, Duration heartbeat) {
    config.heartbeatInterval(heartbeat);
    server = SseTestServer.start(config.tokenValidator(TokenValidator.staticTokens("alice", "mallory"))
        .adminToken("adm").clock(clock).build());
    client = new HubClient(server.url());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private DefaultHub hub() {
    return (DefaultHub) server.hub();
  }

  private static Map<String, String> as(String token, String clientId) {
    return Map.of("Authorization", "Bearer " + token, "X-Client-ID", clientId);
  }

  private static Map<String, String> as(String token, String clientId, String lastEventId) {
    Map<String, String> h = new HashMap<>(as(token, clientId));
    h.put("Last-Event-ID", lastEventId);
    return h;
  }

  private EventStream openAs(String token, String clientId) {
    EventStream s = EventStream.open(server.url().resolve("/v1/sse"), as(token, clientId));
    s.next("connected");
    return s;
  }

  private boolean hasTracker(String clientId) {
    return server.hub().getDeliveryManager().getClientTracker(clientId).isPresent();
  }

  /** After the stream ended by any path: the owner keeps the id, its private messages and nobody else gets them. */
  private void assertOwnerKeepsIdAndPrivateMessages(String before, List<String> secrets) {
    hub().runHousekeeping();
    assertThat(hasTracker("phone")).as("tracker of the owner right after its stream ended").isTrue();
    try (EventStream mallory = EventStream.open(server.url().resolve("/v1/sse"), as("mallory", "phone"))) {
      assertThat(mallory.status()).isEqualTo(403);
    }
    HubClient.Reply missed = client.get("/v1/sse/missed?limit=1000&client_id=phone&last_received_id=" + before,
        Map.of("Authorization", "Bearer alice"));
    assertThat(missed.status()).isEqualTo(200);
    List<String> listed = new ArrayList<>();
    missed.json().forEach(m -> listed.add(m.get("id").asText()));
    assertThat(listed).containsExactlyElementsOf(secrets.subList(0, Math.min(1000, secrets.size())));
    try (EventStream back = EventStream.open(server.url().resolve("/v1/sse"), as("alice", "phone", before))) {
      back.next("connected");
      List<String> replayed = new ArrayList<>();
      String last = secrets.get(secrets.size() - 1);
      while (replayed.isEmpty() || !replayed.get(replayed.size() - 1).equals(last)) {
        replayed.add(back.next("message").id());
      }
      assertThat(replayed).containsExactlyElementsOf(secrets);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> hub().clients().isEmpty() && streamsGone());
  }

  @Test
  void aSlowConsumersTrackerOutlivesItsStuckStreamSoItsPrivateMessagesStayItsOwn() throws Exception {
    // Heartbeats far apart, so the stuck write is not dropped (after two of them) before the sweep below.
    start(HubConfig.builder().clientQueueCapacity(50).bufferSize(5_000), Duration.ofSeconds(1));
    String before = server.hub().broadcast(Message.of("before"));
    List<String> secrets = new ArrayList<>();
    try (RawStream slow = RawStream.openWithoutReading(server.url(), "/v1/sse", as("alice", "phone"))) {
      await().atMost(Duration.ofSeconds(5)).until(() -> server.hub().getClientCount() == 1);
      clock.advance(PAST_UNACKED_TTL); // connected for longer than an unacked tracker's TTL
      String payload = "s".repeat(8192);
      for (int i = 0; i < 4_000 && server.hub().stats().slowConsumerDisconnects() == 0; i++) {
        secrets.add(server.hub().sendToClient("phone", Message.of(payload)));
      }
      assertThat(server.hub().stats().slowConsumerDisconnects()).isEqualTo(1);
      // Its write is still stuck (the socket is not read): the stream has not left yet.
      hub().runHousekeeping();
      assertThat(hasTracker("phone")).as("tracker while the dropped stream is still leaving").isTrue();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> hub().clients().isEmpty());
    assertOwnerKeepsIdAndPrivateMessages(before, secrets);
  }

  @Test
  void aStreamDroppedForAStuckWriteKeepsItsTracker() throws Exception {
    // A stuck write is dropped after two heartbeats: 2 s, long enough for the replay below on a busy machine.
    start(HubConfig.builder(), Duration.ofSeconds(1));
    String before = server.hub().broadcast(Message.of("before"));
    List<String> secrets = new ArrayList<>();
    try (RawStream stuck = RawStream.openWithoutReading(server.url(), "/v1/sse", as("alice", "phone"))) {
      await().atMost(Duration.ofSeconds(5)).until(() -> server.hub().getClientCount() == 1);
      clock.advance(PAST_UNACKED_TTL);
      String payload = "w".repeat(16 * 1024);
      // Fewer than the client queue (1000): the stream is dropped for its stuck write, not for falling behind.
      for (int i = 0; i < 900 && server.hub().stats().slowConsumerDisconnects() == 0; i++) {
        secrets.add(server.hub().sendToClient("phone", Message.of(payload)));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> server.hub().stats().slowConsumerDisconnects() == 1);
      hub().runHousekeeping();
      assertThat(hasTracker("phone")).isTrue();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> hub().clients().isEmpty());
    assertOwnerKeepsIdAndPrivateMessages(before, secrets);
  }

  @Test
  void aReplacedStreamLeavesTheTrackerToItsSuccessorAndThenTheTtlRunsFromTheLastLeave() {
    start(HubConfig.builder());
    String before = server.hub().broadcast(Message.of("before"));
    EventStream first = openAs("alice", "phone");
    clock.advance(PAST_UNACKED_TTL);
    EventStream second = openAs("alice", "phone");
    first.ended().orTimeout(5, TimeUnit.SECONDS).join();
    clock.advance(PAST_UNACKED_TTL);
    hub().runHousekeeping();
    assertThat(hasTracker("phone")).as("tracker while the successor is connected").isTrue();
    String secret = server.hub().sendToClient("phone", Message.of("secret"));
    assertThat(second.next("message").id()).isEqualTo(secret);
    second.close();
    await().atMost(Duration.ofSeconds(5)).until(() -> hub().clients().isEmpty() && streamsGone());
    first.close();
    assertOwnerKeepsIdAndPrivateMessages(before, List.of(secret));
    clock.advance(PAST_UNACKED_TTL);
    hub().runHousekeeping();
    assertThat(hasTracker("phone")).as("tracker a TTL after the last stream left").isFalse();
  }

  @Test
  void aStreamEndedByAFaultKeepsItsTrackerForItsTtl() {
    start(HubConfig.builder());
    String before = server.hub().broadcast(Message.of("before"));
    EventStream alice = openAs("alice", "phone");
    clock.advance(PAST_UNACKED_TTL);
    String secret = server.hub().sendToClient("phone", Message.of("secret"));
    assertThat(alice.next("message").id()).isEqualTo(secret);
    assertThat(client.admin("/v1/admin/faults", "{\"type\":\"disconnect\",\"client_id\":\"phone\"}", "adm")
        .status()).isEqualTo(200);
    alice.ended().orTimeout(5, TimeUnit.SECONDS).join();
    await().atMost(Duration.ofSeconds(5)).until(() -> hub().clients().isEmpty() && streamsGone());
    assertOwnerKeepsIdAndPrivateMessages(before, List.of(secret));
  }

  @Test
  void aStreamEndedByStopLeavesItsTrackerMarkedSeenAtTheStop() {
    start(HubConfig.builder());
    EventStream alice = openAs("alice", "phone");
    clock.advance(PAST_UNACKED_TTL);
    Instant stoppedAt = clock.instant();
    server.hub().stop();
    alice.ended().orTimeout(5, TimeUnit.SECONDS).join();
    assertThat(server.hub().getDeliveryManager().getClientTracker("phone").orElseThrow().lastSeen())
        .isEqualTo(stoppedAt);
  }

  @Test
  void aClientThatLeftNormallyKeepsItsTrackerForItsTtlAndNotLonger() {
    start(HubConfig.builder());
    String before = server.hub().broadcast(Message.of("before"));
    EventStream alice = openAs("alice", "phone");
    clock.advance(PAST_UNACKED_TTL);
    String secret = server.hub().sendToClient("phone", Message.of("secret"));
    assertThat(alice.next("message").id()).isEqualTo(secret);
    alice.close();
    await().atMost(Duration.ofSeconds(5)).until(() -> hub().clients().isEmpty() && streamsGone());
    assertOwnerKeepsIdAndPrivateMessages(before, List.of(secret));
    clock.advance(PAST_UNACKED_TTL);
    hub().runHousekeeping();
    assertThat(hasTracker("phone")).isFalse();
  }

  @Test
  void aReconnectRacingTheSweepOfItsExpiredTrackerAlwaysEndsWithALiveTrackerItsStreamUses() throws Exception {
    start(HubConfig.builder());
    for (int round = 0; round < 30; round++) {
      CompletableFuture<Void> sweeping = CompletableFuture.runAsync(() -> {
        for (int i = 0; i < 20; i++) {
          hub().runHousekeeping();
        }
      });
      try (EventStream alice = openAs("alice", "phone")) {
        sweeping.get(10, TimeUnit.SECONDS);
        hub().runHousekeeping();
        assertThat(hasTracker("phone")).as("round " + round).isTrue();
        String secret = server.hub().sendToClient("phone", Message.of("round " + round));
        assertThat(alice.next("message").id()).isEqualTo(secret);
        String ack = "{\"client_id\":\"phone\",\"last_event_id\":\"" + secret + "\"}";
        assertThat(client.post("/v1/sse/ack", ack, Map.of("Authorization", "Bearer alice")).status())
            .isEqualTo(204);
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> hub().clients().isEmpty() && streamsGone());
      clock.advance(Duration.ofHours(25)); // past every TTL: the next connect races the sweep of this tracker
    }
  }

  @Test
  void aRefusedForeignConnectDoesNotKeepTheOwnersTrackerAlive() {
    start(HubConfig.builder());
    openAs("alice", "phone").close();
    await().atMost(Duration.ofSeconds(5)).until(() -> hub().clients().isEmpty() && streamsGone());
    clock.advance(Duration.ofMinutes(9));
    try (EventStream mallory = EventStream.open(server.url().resolve("/v1/sse"), as("mallory", "phone"))) {
      assertThat(mallory.status()).isEqualTo(403);
    }
    assertThat(client.get("/v1/sse/missed?client_id=phone", Map.of("Authorization", "Bearer mallory")).status())
        .isEqualTo(403);
    String visible = server.hub().broadcast(Message.of("an id phone may ack"));
    assertThat(client.post("/v1/sse/ack", "{\"client_id\":\"phone\",\"last_event_id\":\"" + visible + "\"}",
        Map.of("Authorization", "Bearer mallory")).status()).isEqualTo(403);
    clock.advance(Duration.ofMinutes(2)); // 11 minutes after alice left, 2 after mallory's tries
    hub().runHousekeeping();
    assertThat(hasTracker("phone")).isFalse();
  }

  @Test
  void aPrivateMessageSentInTheInstantBeforeItsTrackerWasSweptNeverReachesTheIdsNextHolder() {
    // Housekeeping every 5 s, so the sweep is this test's own (should a round come first, the setup is redone).
    start(HubConfig.builder(), Duration.ofHours(1));
    String before = null;
    String secret = null;
    for (int attempt = 0; secret == null && attempt < 5; attempt++) {
      EventStream alice = openAs("alice", "phone");
      server.faults().disconnect("phone");
      alice.ended().orTimeout(5, TimeUnit.SECONDS).join();
      alice.close();
      await().atMost(Duration.ofSeconds(5)).until(() -> hub().clients().isEmpty() && streamsGone());
      clock.advance(PAST_UNACKED_TTL); // alice's tracker has expired; not swept yet, so phone is still known
      before = server.hub().broadcast(Message.of("before"));
      try {
        secret = server.hub().sendToClient("phone", Message.of("for alice's phone"));
      } catch (UnknownClientException e) {
        // a periodic sweep came between the two lines above
      }
    }
    assertThat(secret).isNotNull();
    hub().runHousekeeping();
    assertThat(hasTracker("phone")).isFalse();
    // The clock has not moved: mallory claims the id in the very instant the secret was sent.
    try (EventStream mallory = EventStream.open(server.url().resolve("/v1/sse"), as("mallory", "phone", before))) {
      mallory.next("connected");
      String own = server.hub().sendToClient("phone", Message.of("for mallory's phone"));
      assertThat(mallory.next("message").id()).as("the first message mallory gets (secret: " + secret + ")")
          .isEqualTo(own);
      HubClient.Reply missed = client.get("/v1/sse/missed?client_id=phone&last_received_id=" + before,
          Map.of("Authorization", "Bearer mallory"));
      List<String> listed = new ArrayList<>();
      missed.json().forEach(m -> listed.add(m.get("id").asText()));
      assertThat(listed).containsExactly(own);
    }
  }

  /** Whether every stream's thread is done (a replaced or closed stream may still be finishing). */
  private boolean streamsGone() {
    return server.hub().getDeliveryManager().getClientTracker("phone")
        .map(t -> !t.lastSeen().isBefore(clock.instant()))
        .orElse(true);
  }
}
