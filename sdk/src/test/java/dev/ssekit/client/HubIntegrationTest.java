package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssekit.client.support.Recorder;
import dev.ssekit.server.CryptoManager;
import dev.ssekit.server.Hub;
import dev.ssekit.server.HubConfig;
import dev.ssekit.server.Message;
import dev.ssekit.server.SseTestServer;
import dev.ssekit.server.TokenValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The SDK against the real reference hub over loopback. */
class HubIntegrationTest {

  private SseTestServer server;
  private SseClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private Hub start(HubConfig.Builder hub) {
    return start(hub, Duration.ofMillis(200));
  }

  private Hub start(HubConfig.Builder hub, Duration heartbeat) {
    server = SseTestServer.start(hub.adminToken("adm").heartbeatInterval(heartbeat).build());
    return server.hub();
  }

  private SseClient connect(SseConfig.Builder config, SseListener listener) {
    client = SseClient.builder(server.url().resolve("/v1/sse").toString())
        .config(config.reconnectPolicy(ReconnectPolicy.builder().initialDelayMillis(5).maxDelayMillis(50).build())
            .build())
        .listener(listener)
        .build();
    client.start();
    return client;
  }

  /** Records message ids only, in order. */
  private static class Ids extends Recorder {
    final List<String> ids = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(SseEvent event) {
      if (event.type().equals("message")) {
        ids.add(event.id());
      }
      super.onEvent(event);
    }
  }

  @Test
  void resumesWithoutLossAfterTheHubDropsTheConnection() {
    Hub hub = start(HubConfig.builder());
    Ids app = new Ids();
    connect(SseConfig.builder(), app);
    app.nextState("OPEN");
    List<String> published = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      published.add(hub.broadcast(Message.of(i)));
    }
    await().until(() -> app.ids.size() == 50);
    new dev.ssekit.client.support.HubAdmin(server.url(), "adm").fault("{\"type\":\"disconnect\"}");
    for (int i = 50; i < 100; i++) {
      published.add(hub.broadcast(Message.of(i)));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> app.ids.size() >= 100);
    assertThat(app.ids).containsExactlyElementsOf(published);
  }

  @Test
  void aClientDroppedBeforeItsFirstMessageGetsEveryMessagePublishedSinceItJoined() {
    Hub hub = start(HubConfig.builder().retryHint(Duration.ofMillis(500)));
    Ids app = new Ids();
    connect(SseConfig.builder(), app);
    app.next(l -> l.contains(" connected ")); // joined: no message yet, so no id the app processed
    new dev.ssekit.client.support.HubAdmin(server.url(), "adm").fault("{\"type\":\"disconnect\"}");
    app.nextState("RECONNECTING");
    List<String> published = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      published.add(hub.broadcast(Message.of(i)));
    }
    assertThat(hub.getClientCount()).as("published while the client was away").isZero();
    await().until(() -> app.ids.size() >= 3);
    assertThat(app.ids).containsExactlyElementsOf(published);
    assertThat(app.drain()).noneMatch(l -> l.startsWith("gap"));
  }

  @Test
  void reportsAGapWhenItsIdWasEvicted() {
    Hub hub = start(HubConfig.builder().bufferSize(5));
    String old = hub.broadcast(Message.of("old"));
    for (int i = 0; i < 10; i++) {
      hub.broadcast(Message.of(i));
    }
    Recorder app = new Recorder();
    connect(SseConfig.builder().initialLastEventId(old), app);
    String gap = app.next(l -> l.startsWith("gap"));
    assertThat(gap).isEqualTo("gap " + old + " " + hub.getMessageBuffer().oldestId().orElseThrow());
  }

  @Test
  void itsAcksShowInTheHubsClientList() {
    Hub hub = start(HubConfig.builder());
    Ids app = new Ids();
    connect(SseConfig.builder().clientId("phone-1").ackPolicy(AckPolicy.batched(1, 10)), app);
    app.nextState("OPEN");
    String last = null;
    for (int i = 0; i < 20; i++) {
      last = hub.broadcast(Message.of(i));
    }
    String expected = last;
    await().atMost(Duration.ofSeconds(10)).until(() -> expected.equals(client.lastAckedId()));
    String clients = new dev.ssekit.client.support.HubAdmin(server.url(), "adm").clients();
    assertThat(clients).contains("\"client_id\":\"phone-1\"").contains("\"last_acked_id\":\"" + expected + "\"");
  }

  @Test
  void a401LeadsToAFreshTokenAndTheStreamOpens() {
    start(HubConfig.builder().tokenValidator(TokenValidator.staticTokens("fresh")));
    Recorder app = new Recorder();
    connect(SseConfig.builder().tokenProvider(new TokenProvider() {
      @Override
      public String token() {
        return null; // not logged in yet: the hub answers 401
      }

      @Override
      public String refreshToken() {
        return "fresh";
      }
    }), app);
    app.nextState("OPEN");
    assertThat(app.errors).isEmpty();
  }

  @Test
  void anExpiredTokenThatTheHubRefusesWith403IsRefreshedAndTheStreamOpens() {
    start(HubConfig.builder().tokenValidator(TokenValidator.staticTokens("renewed")));
    Recorder app = new Recorder();
    connect(SseConfig.builder().tokenProvider(new TokenProvider() {
      @Override
      public String token() {
        return "expired";
      }

      @Override
      public String refreshToken() {
        return "renewed";
      }
    }), app);
    app.nextState("OPEN");
    assertThat(app.errors).isEmpty();
  }

  @Test
  void a403ThatAFreshTokenDoesNotFixStopsForGood() {
    start(HubConfig.builder().tokenValidator(TokenValidator.staticTokens("good")));
    Recorder app = new Recorder();
    connect(SseConfig.builder().token("revoked"), app);
    assertThat(app.nextState("CLOSED")).isEqualTo("state CLOSED(AUTH_FAILED: HTTP 403 FORBIDDEN: Invalid or expired token/api-key)");
  }

  @Test
  void a503WithRetryAfterIsRetriedAfterThatLong() {
    start(HubConfig.builder());
    new dev.ssekit.client.support.HubAdmin(server.url(), "adm")
        .fault("{\"type\":\"reject\",\"count\":1,\"status\":503,\"retry_after\":1}");
    Recorder app = new Recorder();
    connect(SseConfig.builder(), app);
    app.nextState("RECONNECTING");
    assertThat(app.states.get(1).delayMillis()).isGreaterThanOrEqualTo(1000);
    app.nextState("OPEN");
  }

  @Test
  void encryptedTokensAreAcceptedByTheHub() {
    start(HubConfig.builder().cryptoManager(CryptoManager.fromPassphrase("pw"))
        .encryptedTokenValidator(t -> t.equals("user-1")));
    Recorder app = new Recorder();
    connect(SseConfig.builder().token("user-1").encryptionPassphrase("pw"), app);
    app.nextState("OPEN");
  }

  @Test
  void aSlowAppPausesReadingInsteadOfGrowingTheHeap() throws Exception {
    // Heartbeats far apart: the hub drops a stream whose write is stuck for two of them (clause 18), and this
    // app's stream is meant to stay stuck in TCP backpressure while the app is paused.
    Hub hub = start(HubConfig.builder().bufferSize(10_000).clientQueueCapacity(10_000), Duration.ofSeconds(30));
    CountDownLatch release = new CountDownLatch(1);
    Ids app = new Ids() {
      @Override
      public void onEvent(SseEvent event) {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        super.onEvent(event);
      }
    };
    connect(SseConfig.builder().clientId("slow-app").maxPendingEvents(10).readTimeoutMillis(60_000), app);
    app.nextState("OPEN");
    String payload = "p".repeat(4096);
    List<String> published = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      published.add(hub.broadcast(Message.of(payload)));
    }
    // 20 MB were published; the app holds at most 10 events; the rest waits in the hub, not in the client.
    await().atMost(Duration.ofSeconds(10)).until(() -> hub.clients().get(0).queueDepth() > 1000);
    release.countDown();
    await().atMost(Duration.ofSeconds(30)).until(() -> app.ids.size() == 5000);
    assertThat(app.ids).containsExactlyElementsOf(published);
  }
}
