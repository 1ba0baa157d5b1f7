package dev.ssekit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssekit.server.support.HeapCount;
import dev.ssekit.server.support.HubClient;
import dev.ssekit.server.support.RawStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Clauses 7, 18 and 21: however a stream ends, the JDK server lets go of its connection. Counted with the
 * JVM's class histogram. Run it on another JDK with
 * {@code mvn -pl test-server -am verify -Dtest=ConnectionLeakTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Djvm=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}.
 */
class ConnectionLeakTest {

  private static final int ROUNDS = 1_500;
  private SseTestServer server;
  private HubClient http;
  private long before;

  @BeforeEach
  void start() {
    server = SseTestServer.start(HubConfig.builder().clientQueueCapacity(1).adminToken("adm")
        .heartbeatInterval(Duration.ofSeconds(30)).build());
    http = new HubClient(server.url());
    before = HeapCount.httpConnections();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void replacedStreamsLeaveNoConnectionBehind() throws Exception {
    RawStream current = RawStream.open(server.url(), "/v1/sse", Map.of("X-Client-ID", "same"));
    current.nextBlockContaining("connected");
    for (int i = 0; i < ROUNDS; i++) {
      RawStream next = RawStream.open(server.url(), "/v1/sse", Map.of("X-Client-ID", "same"));
      next.nextBlockContaining("connected");
      endOf(current);
      current = next;
    }
    current.close();
    assertNoConnectionLeft();
  }

  @Test
  void slowConsumerDisconnectsLeaveNoConnectionBehind() throws Exception {
    for (int i = 0; i < ROUNDS; i++) {
      String id = "slow-" + i;
      RawStream stream = RawStream.open(server.url(), "/v1/sse", Map.of("X-Client-ID", id));
      stream.nextBlockContaining("connected");
      // The stream stops taking messages, so it falls behind its one-message queue.
      assertThat(http.admin("/v1/admin/faults",
          "{\"type\":\"stall\",\"client_id\":\"" + id + "\",\"duration_ms\":60000}", "adm").status()).isEqualTo(200);
      server.hub().broadcast(Message.of("a"));
      server.hub().broadcast(Message.of("b"));
      endOf(stream);
    }
    assertThat(server.hub().stats().slowConsumerDisconnects()).isEqualTo(ROUNDS);
    assertNoConnectionLeft();
  }

  @Test
  void streamsStuckInAWriteAreDroppedAndLeaveNoConnectionBehind() throws Exception {
    server.close();
    server = SseTestServer.start(HubConfig.builder().clientQueueCapacity(1_000)
        .heartbeatInterval(Duration.ofMillis(200)).build());
    List<RawStream> stuck = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      stuck.add(RawStream.openWithoutReading(server.url(), "/v1/sse", Map.of("X-Client-ID", "stuck-" + i)));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> server.hub().getClientCount() == 20);
    String payload = "z".repeat(64 * 1024);
    for (int i = 0; i < 200 && server.hub().getClientCount() > 0; i++) {
      server.hub().broadcast(Message.of(payload));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> server.hub().getClientCount() == 0);
    for (RawStream s : stuck) {
      s.close();
    }
    assertNoConnectionLeft();
  }

  @Test
  void faultDisconnectsLeaveNoConnectionBehind() throws Exception {
    for (int i = 0; i < 300; i++) {
      String id = "faulty-" + i;
      RawStream stream = RawStream.open(server.url(), "/v1/sse", Map.of("X-Client-ID", id));
      stream.nextBlockContaining("connected");
      assertThat(http.admin("/v1/admin/faults", "{\"type\":\"disconnect\",\"client_id\":\"" + id + "\"}", "adm")
          .json().get("affected").asInt()).isEqualTo(1);
      endOf(stream);
    }
    assertNoConnectionLeft();
  }

  @Test
  void clientsThatGoAwayLeaveNoConnectionBehind() throws Exception {
    server.close();
    server = SseTestServer.start(HubConfig.builder().heartbeatInterval(Duration.ofMillis(20)).build());
    List<RawStream> streams = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      RawStream s = RawStream.open(server.url(), "/v1/sse", Map.of("X-Client-ID", "leaving-" + i));
      s.nextBlockContaining("connected");
      streams.add(s);
    }
    for (RawStream s : streams) {
      s.close();
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> server.hub().getClientCount() == 0);
    assertNoConnectionLeft();
  }

  @Test
  void stoppingTheHubLeavesNoConnectionBehind() throws Exception {
    List<RawStream> streams = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      RawStream s = RawStream.open(server.url(), "/v1/sse", Map.of("X-Client-ID", "stopped-" + i));
      s.nextBlockContaining("connected");
      streams.add(s);
    }
    server.hub().stop();
    for (RawStream s : streams) {
      endOf(s);
    }
    assertNoConnectionLeft();
  }

  /** Reads the stream until the hub ends it, then closes the client's side. */
  private static void endOf(RawStream stream) throws Exception {
    try {
      stream.readToEnd();
    } catch (java.io.IOException e) {
      // an abrupt end (reset) is an end too
    } finally {
      stream.close();
    }
  }

  private void assertNoConnectionLeft() {
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(HeapCount.httpConnections()).isLessThanOrEqualTo(before + 3));
  }
}
