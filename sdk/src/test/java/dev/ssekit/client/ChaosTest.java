package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssekit.client.support.ChaosProxy;
import dev.ssekit.client.support.Recorder;
import dev.ssekit.server.Hub;
import dev.ssekit.server.HubConfig;
import dev.ssekit.server.Message;
import dev.ssekit.server.SseTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A flaky network between the SDK and the hub: a proxy cuts the connection at random moments (also in the
 * middle of events) every 50-500 ms while 20,000 events are broadcast. The app must see every id exactly
 * once, in order; and when the outage outlasts the hub's buffer, it must be told of the gap.
 */
class ChaosTest {

  private static final int EVENTS = 20_000;

  /** The app: records message ids and gaps in the order its callback saw them. */
  private static final class App extends Recorder {
    final List<String> ids = new CopyOnWriteArrayList<>();
    final List<Gap> gaps = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(SseEvent event) {
      if (event.type().equals("message")) {
        ids.add(event.id());
      }
    }

    @Override
    public void onGap(Gap gap) {
      gaps.add(gap);
    }
  }

  private static SseClient connect(int port, App app) {
    SseClient client = SseClient.builder("http://127.0.0.1:" + port + "/v1/sse")
        .config(SseConfig.builder()
            .ackPolicy(AckPolicy.disabled())
            .readTimeoutMillis(2000)
            .reconnectPolicy(ReconnectPolicy.builder().initialDelayMillis(5).maxDelayMillis(100).build())
            .build())
        .listener(app)
        .build();
    client.start();
    return client;
  }

  @Test
  void everyEventArrivesExactlyOnceInOrderThroughRandomCuts() throws Exception {
    try (SseTestServer server = SseTestServer.start(HubConfig.builder().bufferSize(EVENTS + 100)
            .heartbeatInterval(Duration.ofMillis(500)).build());
        ChaosProxy proxy = new ChaosProxy(server.port())) {
      Hub hub = server.hub();
      String start = hub.broadcast(Message.of("start"));
      App app = new App();
      SseClient client = SseClient.builder("http://127.0.0.1:" + proxy.port() + "/v1/sse")
          .config(SseConfig.builder().ackPolicy(AckPolicy.disabled()).readTimeoutMillis(2000)
              .initialLastEventId(start)
              .reconnectPolicy(ReconnectPolicy.builder().initialDelayMillis(5).maxDelayMillis(100).build()).build())
          .listener(app).build();
      client.start();
      AtomicBoolean publishing = new AtomicBoolean(true);
      Thread chaos = new Thread(() -> {
        Random random = new Random(2026);
        while (publishing.get()) {
          try {
            Thread.sleep(50 + random.nextInt(451));
          } catch (InterruptedException e) {
            return;
          }
          proxy.cutAll();
        }
      }, "chaos");
      chaos.start();
      List<String> published = new ArrayList<>(EVENTS);
      for (int i = 0; i < EVENTS; i++) {
        published.add(hub.broadcast(Message.of("event-" + i + "-" + "x".repeat(i % 200))));
        if (i % 50 == 49) {
          Thread.sleep(10); // pace the publisher (~4 s in all) so that cuts land all through the run
        }
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> app.ids.size() >= EVENTS);
      publishing.set(false);
      chaos.join();
      client.close();
      assertThat(proxy.cuts()).isGreaterThanOrEqualTo(10);
      assertThat(app.gaps).isEmpty();
      assertThat(app.ids).hasSize(EVENTS).containsExactlyElementsOf(published);
    }
  }

  @Test
  void anOutageLongerThanTheBufferIsReportedAsAGapNeverSilently() throws Exception {
    try (SseTestServer server = SseTestServer.start(HubConfig.builder().bufferSize(50).build());
        ChaosProxy proxy = new ChaosProxy(server.port())) {
      Hub hub = server.hub();
      App app = new App();
      SseClient client = connect(proxy.port(), app);
      app.nextState("OPEN");
      String seen = hub.broadcast(Message.of("before"));
      await().until(() -> app.ids.contains(seen));
      proxy.refuse(true);
      List<String> during = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        during.add(hub.broadcast(Message.of(i)));
      }
      proxy.refuse(false);
      String after = hub.broadcast(Message.of("after"));
      await().atMost(Duration.ofSeconds(20)).until(() -> app.ids.contains(after));
      client.close();
      assertThat(app.gaps).hasSize(1);
      assertThat(app.gaps.get(0).lastEventId()).isEqualTo(seen);
      // What the hub still had arrives in order, with nothing twice.
      List<String> afterGap = app.ids.subList(app.ids.indexOf(seen) + 1, app.ids.size());
      assertThat(afterGap).doesNotHaveDuplicates().endsWith(after);
      assertThat(during).containsSubsequence(afterGap.subList(0, afterGap.size() - 1));
    }
  }
}
