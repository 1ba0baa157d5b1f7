package dev.ssekit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ssekit.server.support.EventStream;
import dev.ssekit.server.support.HubClient;
import dev.ssekit.server.support.RawStream;
import dev.ssekit.server.support.Threads;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Clause 21: stop and close. */
class LifecycleTest {

  @Test
  void stopClosesEveryStreamAndLaterConnectsGet503() throws Exception {
    try (SseTestServer server = SseTestServer.start(HubConfig.defaults())) {
      EventStream a = EventStream.open(server.url().resolve("/v1/sse"));
      EventStream b = EventStream.open(server.url().resolve("/v1/sse"));
      a.next("connected");
      b.next("connected");
      server.hub().stop();
      a.ended().get(2, TimeUnit.SECONDS);
      b.ended().get(2, TimeUnit.SECONDS);
      server.hub().stop(); // idempotent
      HubClient.Reply reply = new HubClient(server.url()).get("/v1/sse");
      assertThat(reply.status()).isEqualTo(503);
      assertThat(reply.json().get("code").asText()).isEqualTo("SERVICE_UNAVAILABLE");
      assertThat(new HubClient(server.url()).get("/healthz").status()).isEqualTo(503);
    }
  }

  @Test
  void publishingAfterStopFailsClearlyAndAtOnce() {
    Hub hub = Hub.create(HubConfig.defaults());
    hub.getDeliveryManager().registerClient("c");
    hub.stop();
    assertThat(hub.isStopped()).isTrue();
    assertThatThrownBy(() -> hub.broadcast(Message.of("x")))
        .isInstanceOf(IllegalStateException.class).hasMessage("hub is stopped");
    assertThatThrownBy(() -> hub.sendToClient("c", Message.of("x")))
        .isInstanceOf(IllegalStateException.class).hasMessage("hub is stopped");
  }

  @Test
  void noHubThreadRemainsAfterStop() {
    Hub hub = Hub.create(HubConfig.builder().heartbeatInterval(Duration.ofMillis(20)).build());
    assertThat(Threads.hubThreads()).contains("ssekit-hub-sweeper");
    hub.stop();
    await().atMost(Duration.ofSeconds(5)).until(() -> Threads.hubThreads().isEmpty());
  }

  @Test
  void noThreadRemainsAfterCloseEvenWithAClientStuckInAWrite() throws Exception {
    SseTestServer server = SseTestServer.start(HubConfig.builder().bufferSize(100_000).clientQueueCapacity(100_000).build());
    RawStream stuck = RawStream.openWithoutReading(server.url(), "/v1/sse", Map.of());
    EventStream live = EventStream.open(server.url().resolve("/v1/sse"));
    live.next("connected");
    await().atMost(Duration.ofSeconds(5)).until(() -> server.hub().getClientCount() == 2);
    String payload = "z".repeat(16_384);
    for (int i = 0; i < 1000; i++) {
      server.hub().broadcast(Message.of(payload)); // ~16 MB: more than the socket buffers hold
    }
    long start = System.nanoTime();
    server.close();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    await().atMost(Duration.ofSeconds(5)).until(() -> Threads.hubThreads().isEmpty());
    stuck.close();
    live.close();
  }

  @Test
  void closeIsIdempotent() {
    SseTestServer server = SseTestServer.start(HubConfig.defaults());
    server.close();
    server.close();
    assertThat(server.hub().isStopped()).isTrue();
  }
}
