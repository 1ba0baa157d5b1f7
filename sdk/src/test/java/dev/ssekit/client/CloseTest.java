package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssekit.client.support.RawServer;
import dev.ssekit.client.support.Recorder;
import dev.ssekit.server.HubConfig;
import dev.ssekit.server.SseTestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Issue 9 rule 8: CLOSED is final, and close() leaves no socket of an OkHttp client the SDK made. */
class CloseTest {

  @Test
  void afterClosedNoOtherStateIsEverReportedOrReturnedHoweverCloseRacesTheConnect() {
    try (SseTestServer hub = SseTestServer.start(HubConfig.builder().heartbeatInterval(Duration.ofMillis(50)).build())) {
      String url = hub.url().resolve("/v1/sse").toString();
      List<SseClient> clients = new ArrayList<>();
      List<Recorder> apps = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        Recorder app = new Recorder();
        SseClient client = SseClient.builder(url)
            .config(SseConfig.builder().ackPolicy(AckPolicy.disabled()).build()).listener(app).build();
        client.start();
        for (int spin = 0; spin < (i % 20) * 500; spin++) {
          Thread.onSpinWait(); // close at a different point of the connect each time
        }
        client.close();
        clients.add(client);
        apps.add(app);
      }
      // Once every SDK thread has ended, nothing can change a state any more.
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(ThreadingTest.sdkThreads()).as(ThreadingTest::sdkThreadStacks).isEmpty());
      for (int i = 0; i < clients.size(); i++) {
        assertThat(clients.get(i).state().kind()).isEqualTo(ConnectionState.Kind.CLOSED);
        List<ConnectionState> states = apps.get(i).states;
        assertThat(states).isNotEmpty();
        assertThat(states.get(states.size() - 1).kind()).isEqualTo(ConnectionState.Kind.CLOSED);
        assertThat(states).filteredOn(s -> s.kind() == ConnectionState.Kind.CLOSED).hasSize(1);
      }
    }
  }

  @Test
  void closeLeavesNoSocketOfTheSdksOwnOkHttpClientNotEvenTheLastAcks() throws Exception {
    AtomicInteger acks = new AtomicInteger();
    try (RawServer raw = new RawServer((request, out) -> {
      if (request.path.endsWith("/ack")) {
        acks.incrementAndGet();
        RawServer.noContent(out);
        return true; // keep-alive: the socket stays in the client's pool unless evicted
      }
      RawServer.streamHead(out);
      out.write("event: connected\ndata: {\"client_id\":\"me\"}\n\nid: 1\ndata: a\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      request.awaitClientClose();
      return false;
    })) {
      Recorder app = new Recorder();
      SseClient client = SseClient.builder(raw.url("/v1/sse"))
          .config(SseConfig.builder().ackPolicy(AckPolicy.batched(1000, 3_600_000)).build())
          .listener(app).build();
      client.start();
      assertThat(app.next(l -> l.startsWith("event 1"))).isEqualTo("event 1 message a");
      await().atMost(Duration.ofSeconds(10)).until(() -> "1".equals(client.lastEventId()));
      client.close(); // sends the final ack on a pooled connection, then must drop it
      await().atMost(Duration.ofSeconds(10)).until(() -> acks.get() == 1);
      await().atMost(Duration.ofSeconds(10)).until(() -> raw.openConnections() == 0);
    }
  }
}
