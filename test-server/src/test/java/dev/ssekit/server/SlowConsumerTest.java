package dev.ssekit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ssekit.server.support.EventStream;
import dev.ssekit.server.support.HubClient;
import dev.ssekit.server.support.RawStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Clause 18: bounded per-client queues, slow consumers, unknown recipients. */
class SlowConsumerTest {

  private static final Duration HEARTBEAT = Duration.ofSeconds(2);
  private SseTestServer server;

  @BeforeEach
  void start() {
    server = SseTestServer.start(HubConfig.builder().clientQueueCapacity(200).bufferSize(10_000)
        .heartbeatInterval(HEARTBEAT).adminToken("adm").build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void clientThatNeverReadsIsDisconnectedWithoutDelayingOthers() throws Exception {
    String payload = "x".repeat(4096);
    try (RawStream slow = RawStream.openWithoutReading(server.url(), "/v1/sse", Map.of("X-Client-ID", "slow"));
        EventStream fast = EventStream.open(server.url().resolve("/v1/sse"), Map.of("X-Client-ID", "fast"))) {
      fast.next("connected");
      await().atMost(Duration.ofSeconds(5)).until(() -> server.hub().getClientCount() == 2);
      List<String> published = new ArrayList<>();
      List<String> received = new ArrayList<>();
      for (int burst = 0; burst < 60; burst++) {
        for (int i = 0; i < 50; i++) {
          published.add(server.hub().broadcast(Message.of(payload)));
        }
        // Each burst reaches the fast client within one heartbeat period, stuck neighbour or not.
        for (int i = 0; i < 50; i++) {
          received.add(fast.next(e -> e.type().equals("message"), HEARTBEAT).id());
        }
      }
      assertThat(received).containsExactlyElementsOf(published);
      await().atMost(Duration.ofSeconds(5)).until(() -> server.hub().stats().slowConsumerDisconnects() == 1);
      assertThat(server.hub().clients()).extracting(ClientInfo::clientId).containsExactly("fast");
    }
  }

  @Test
  void slowClientComesBackAndReplaysFromTheBuffer() throws Exception {
    String first = server.hub().broadcast(Message.of("first"));
    try (RawStream slow = RawStream.openWithoutReading(server.url(), "/v1/sse", Map.of("X-Client-ID", "slow"))) {
      await().atMost(Duration.ofSeconds(5)).until(() -> server.hub().getClientCount() == 1);
      String payload = "y".repeat(8192);
      for (int i = 0; i < 9000 && server.hub().stats().slowConsumerDisconnects() == 0; i++) {
        server.hub().broadcast(Message.of(payload));
      }
      assertThat(server.hub().stats().slowConsumerDisconnects()).isEqualTo(1);
    }
    String last = server.hub().broadcast(Message.of("last"));
    try (EventStream back = EventStream.open(server.url().resolve("/v1/sse"),
        Map.of("X-Client-ID", "slow", "Last-Event-ID", first))) {
      String seen = null;
      while (!last.equals(seen)) {
        seen = back.next(e -> e.type().equals("message"), Duration.ofSeconds(5)).id();
      }
      assertThat(back.drain()).noneMatch(e -> e.type().equals("gap"));
    }
  }

  @Test
  void sendToAnUnknownClientIsAnError() {
    assertThatThrownBy(() -> server.hub().sendToClient("nobody", Message.of("x")))
        .isInstanceOf(UnknownClientException.class)
        .hasMessageContaining("nobody");
    HubClient.Reply reply = new HubClient(server.url()).admin("/v1/admin/clients/nobody/messages", "{\"data\":1}", "adm");
    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.json().get("code").asText()).isEqualTo("UNKNOWN_CLIENT");
    assertThat(server.hub().stats().messagesPublished()).isZero();
  }
}
