package dev.ssekit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssekit.server.internal.DefaultHub;
import dev.ssekit.server.support.EventStream;
import dev.ssekit.server.support.HubClient;
import dev.ssekit.server.support.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Clause 24: streams and client ids are bounded per principal and in total, with a JSON refusal. */
class PrincipalLimitsTest {

  private final MutableClock clock = new MutableClock();
  private final List<EventStream> open = new ArrayList<>();
  private SseTestServer server;

  private void start(HubLimits limits) {
    server = SseTestServer.start(HubConfig.builder().limits(limits).clock(clock)
        .tokenValidator(TokenValidator.staticTokens("alice", "mallory"))
        .heartbeatInterval(Duration.ofMillis(50)).build());
  }

  @AfterEach
  void stop() {
    open.forEach(EventStream::close);
    if (server != null) {
      server.close();
    }
  }

  private EventStream connect(String token, String clientId) {
    EventStream s = EventStream.open(server.url().resolve("/v1/sse"),
        Map.of("Authorization", "Bearer " + token, "X-Client-ID", clientId));
    open.add(s);
    return s;
  }

  private EventStream connected(String token, String clientId) {
    EventStream s = connect(token, clientId);
    assertThat(s.status()).as(token + " " + clientId).isEqualTo(200);
    s.next("connected");
    return s;
  }

  /** The refusal of a connect: status and JSON code, the body read through /missed-like plain GET. */
  private HubClient.Reply refusal(String token, String clientId) {
    return new HubClient(server.url()).get("/v1/sse",
        Map.of("Authorization", "Bearer " + token, "X-Client-ID", clientId));
  }

  @Test
  void aPrincipalAtItsStreamBoundIsRefused429WhileAnotherPrincipalStillConnects() {
    start(HubLimits.builder().streamsPerPrincipal(3).build());
    EventStream first = connected("alice", "a1");
    connected("alice", "a2");
    connected("alice", "a3");
    HubClient.Reply refused = refusal("alice", "a4");
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.json().get("code").asText()).isEqualTo("TOO_MANY_STREAMS");
    assertThat(refused.json().get("message").asText()).isNotEmpty();
    connected("mallory", "m1");
    first.close();
    await().atMost(Duration.ofSeconds(5)).until(() -> server.hub().getClientCount() == 3);
    await().atMost(Duration.ofSeconds(5)).until(() -> {
      EventStream again = connect("alice", "a4");
      return again.status() == 200;
    });
  }

  @Test
  void aStreamThatReplacesItsOwnPredecessorIsNeverRefusedAtTheBound() {
    start(HubLimits.builder().streamsPerPrincipal(2).build());
    EventStream old = connected("alice", "a1");
    connected("alice", "a2");
    connected("alice", "a1"); // replaces the first: the principal still holds two streams
    old.ended().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join();
    assertThat(refusal("alice", "a3").status()).isEqualTo(429);
  }

  @Test
  void aPrincipalAtItsClientIdBoundIsRefused429UntilOneOfItsTrackersExpires() {
    start(HubLimits.builder().clientIdsPerPrincipal(2).build());
    connected("alice", "a1").close();
    connected("alice", "a2").close();
    await().atMost(Duration.ofSeconds(5)).until(() -> server.hub().getClientCount() == 0);
    HubClient.Reply refused = refusal("alice", "a3");
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.json().get("code").asText()).isEqualTo("TOO_MANY_CLIENT_IDS");
    assertThat(server.hub().getDeliveryManager().getClientTracker("a3")).isEmpty();
    connected("alice", "a1"); // an id it already owns is no new one
    connected("mallory", "m1");
    clock.advance(Duration.ofMinutes(11)); // a2 was never acked: its tracker expires after 10 minutes
    ((DefaultHub) server.hub()).runHousekeeping();
    connected("alice", "a3");
  }

  @Test
  void theHubsTotalOfClientIdsIsRefused503HubFullForEveryPrincipal() {
    start(HubLimits.builder().clientIds(3).build());
    connected("alice", "a1");
    connected("alice", "a2");
    connected("mallory", "m1");
    for (String token : new String[] {"alice", "mallory"}) {
      HubClient.Reply refused = refusal(token, "new-" + token);
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.json().get("code").asText()).isEqualTo("HUB_FULL");
    }
    connected("mallory", "m1"); // reconnecting an id the hub holds needs no new tracker
  }

  @Test
  void onAnOpenHubEveryoneIsOnePrincipalAndOnlyTheHubsTotalsApply() {
    server = SseTestServer.start(HubConfig.builder()
        .limits(HubLimits.builder().streamsPerPrincipal(1).clientIdsPerPrincipal(1).clientIds(3).build())
        .heartbeatInterval(Duration.ofMillis(50)).build());
    for (String id : new String[] {"x", "y", "z"}) {
      EventStream s = EventStream.open(server.url().resolve("/v1/sse"), Map.of("X-Client-ID", id));
      open.add(s);
      assertThat(s.status()).isEqualTo(200);
    }
    HubClient.Reply full = new HubClient(server.url()).get("/v1/sse", Map.of("X-Client-ID", "w"));
    assertThat(full.status()).isEqualTo(503);
    assertThat(full.json().get("code").asText()).isEqualTo("HUB_FULL");
  }

  @Test
  void registeringClientsFromJavaPastTheHubsTotalFailsClearly() {
    Hub hub = Hub.create(HubConfig.builder().limits(HubLimits.builder().clientIds(2).build()).build());
    try {
      hub.getDeliveryManager().registerClient("a");
      hub.getDeliveryManager().registerClient("b");
      hub.getDeliveryManager().registerClient("a"); // known: no new one
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> hub.getDeliveryManager().registerClient("c"))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("client ids");
      hub.getDeliveryManager().unregisterClient("a");
      assertThat(hub.getDeliveryManager().registerClient("c").clientId()).isEqualTo("c");
    } finally {
      hub.stop();
    }
  }

  @Test
  void limitsRefuseSettingsThatCannotWork() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> HubLimits.builder().streamsPerPrincipal(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("streamsPerPrincipal");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> HubLimits.builder().fileReserve(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fileReserve");
    assertThat(HubConfig.defaults().limits().streamsPerPrincipal()).isEqualTo(10_000);
    assertThat(HubConfig.defaults().limits().clientIdsPerPrincipal()).isEqualTo(10_000);
    assertThat(HubConfig.defaults().limits().clientIds()).isEqualTo(100_000);
    assertThat(HubConfig.defaults().limits().fileReserve()).isEqualTo(32);
  }
}
