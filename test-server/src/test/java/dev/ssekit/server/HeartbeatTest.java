package dev.ssekit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.server.support.EventStream;
import dev.ssekit.server.support.HubClient;
import dev.ssekit.server.support.RawStream;
import dev.ssekit.server.support.TestEvent;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Clause 9: heartbeats, and how a dead client is found. */
class HeartbeatTest {

  private SseTestServer server;

  @BeforeEach
  void start() {
    server = SseTestServer.start(HubConfig.builder().heartbeatInterval(Duration.ofMillis(100)).build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void idleStreamReceivesHeartbeatsWithTimestampAndNoId() throws Exception {
    try (EventStream stream = EventStream.open(server.url().resolve("/v1/sse"))) {
      stream.next("connected");
      TestEvent first = stream.next("heartbeat");
      TestEvent second = stream.next("heartbeat");
      for (TestEvent beat : new TestEvent[] {first, second}) {
        assertThat(beat.id()).isNull();
        JsonNode data = HubClient.JSON.readTree(beat.data());
        assertThat(data.get("timestamp").asLong()).isPositive();
        assertThat(data.size()).isEqualTo(1);
      }
    }
  }

  @Test
  void heartbeatsKeepComingWhileMessagesFlow() throws Exception {
    try (EventStream stream = EventStream.open(server.url().resolve("/v1/sse"))) {
      stream.next("connected");
      long until = System.nanoTime() + Duration.ofMillis(600).toNanos();
      int beats = 0;
      while (System.nanoTime() < until) {
        server.hub().broadcast(Message.of("tick"));
        for (TestEvent e : stream.drain()) {
          beats += e.type().equals("heartbeat") ? 1 : 0;
        }
        Thread.sleep(5); // pacing the publisher, not waiting for an outcome
      }
      stream.next("heartbeat");
      assertThat(beats + 1).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void clientThatWentAwayIsRemovedWhenAHeartbeatWriteFails() throws Exception {
    RawStream raw = RawStream.open(server.url(), "/v1/sse", Map.of("X-Client-ID", "ghost"));
    raw.nextBlockContaining("connected");
    assertThat(server.hub().getClientCount()).isEqualTo(1);
    raw.close();
    await().atMost(Duration.ofSeconds(5)).until(() -> server.hub().getClientCount() == 0);
    assertThat(server.hub().getDeliveryManager().getClientTracker("ghost")).isPresent();
  }
}
