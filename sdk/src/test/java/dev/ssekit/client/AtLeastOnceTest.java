package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ssekit.client.support.Recorder;
import dev.ssekit.client.support.SseStreams;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 rule 3: a callback that throws has not processed its event. The event is delivered again, up to
 * the configured attempts, then given up once through {@code onPoisonEvent}; no later event is acknowledged
 * before an earlier one was processed or given up.
 */
class AtLeastOnceTest {

  @StartStop
  final MockWebServer server = new MockWebServer();

  /** Callbacks and acks in the one order they happened. */
  private final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
  private SseClient client;

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
  }

  /** Serves the stream once, then holds a quiet one open; answers and logs every ack. */
  private void serve(String stream) {
    server.setDispatcher(new Dispatcher() {
      private int streams;

      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        if (request.getUrl().encodedPath().endsWith("/ack")) {
          try {
            log.add("ack " + new ObjectMapper().readTree(request.getBody().utf8()).get("last_event_id").asText());
          } catch (java.io.IOException e) {
            throw new AssertionError(e);
          }
          return new MockResponse.Builder().code(204).build();
        }
        synchronized (this) {
          return streams++ == 0 ? SseStreams.open(stream) : SseStreams.open("");
        }
      }
    });
  }

  private static String events(int from, int to) {
    StringBuilder sb = new StringBuilder("event: connected\ndata: {\"client_id\":\"me\"}\n\n");
    for (int i = from; i <= to; i++) {
      sb.append("id: ").append(i).append("\ndata: e").append(i).append("\n\n");
    }
    return sb.toString();
  }

  /** An app that throws on event {@code failOn} the first {@code failures} times it sees it. */
  private class App extends Recorder {
    private final String failOn;
    private int failures;

    App(String failOn, int failures) {
      this.failOn = failOn;
      this.failures = failures;
    }

    @Override
    public void onEvent(SseEvent event) {
      if (!event.type().equals("message")) {
        return;
      }
      log.add("event " + event.id());
      if (event.id().equals(failOn) && failures-- > 0) {
        throw new IllegalStateException("cannot handle " + event.id() + " yet");
      }
      log.add("processed " + event.id());
    }

    @Override
    public void onPoisonEvent(SseEvent event, SseException lastError) {
      super.onPoisonEvent(event, lastError);
      log.add("poison " + event.id() + " " + lastError.getCause().getMessage());
    }
  }

  private void start(App app, SseConfig.Builder config) {
    client = SseClient.builder(server.url("/v1/sse").toString())
        .config(config.ackPolicy(AckPolicy.batched(1, 3_600_000)).build())
        .listener(app).build();
    client.start();
  }

  @Test
  void anEventInTheMiddleThatFailsOnceIsDeliveredAgainAndThenTheStreamGoesOn() {
    serve(events(1, 5));
    App app = new App("3", 1);
    start(app, SseConfig.builder());
    await().atMost(10, TimeUnit.SECONDS).until(() -> log.contains("ack 5"));
    List<String> events = new ArrayList<>(log);
    events.removeIf(l -> l.startsWith("ack"));
    assertThat(events).containsExactly("event 1", "processed 1", "event 2", "processed 2", "event 3", "event 3",
        "processed 3", "event 4", "processed 4", "event 5", "processed 5");
    assertThat(app.errors).hasSize(1).first().isInstanceOf(SseCallbackException.class);
    assertThat(((SseCallbackException) app.errors.get(0)).event().id()).isEqualTo("3");
    assertThat(log).noneMatch(l -> l.startsWith("poison"));
    assertAcksNeverOvertake();
  }

  @Test
  void anEventInTheMiddleThatKeepsFailingIsTriedThreeTimesThenGivenUpOnceAndNothingLaterIsAckedFirst() {
    serve(events(1, 5));
    App app = new App("3", Integer.MAX_VALUE);
    start(app, SseConfig.builder());
    await().atMost(10, TimeUnit.SECONDS).until(() -> log.contains("ack 5"));
    List<String> events = new ArrayList<>(log);
    events.removeIf(l -> l.startsWith("ack"));
    assertThat(events).containsExactly("event 1", "processed 1", "event 2", "processed 2", "event 3", "event 3",
        "event 3", "poison 3 cannot handle 3 yet", "event 4", "processed 4", "event 5", "processed 5");
    assertThat(app.errors).hasSize(3).allMatch(e -> e instanceof SseCallbackException);
    assertAcksNeverOvertake();
    assertThat(client.lastEventId()).isEqualTo("5");
  }

  @Test
  void theNumberOfAttemptsIsConfigurable() {
    serve(events(1, 2));
    App app = new App("1", Integer.MAX_VALUE);
    start(app, SseConfig.builder().maxDeliveryAttempts(5));
    assertThat(app.next(l -> l.startsWith("poison"))).isEqualTo("poison 1 message e1");
    assertThat(log).filteredOn(l -> l.equals("event 1")).hasSize(5);
    assertThat(app.errors).hasSize(5);
  }

  @Test
  void aTypedHandlerThatFailsIsRetriedAndOnEventIsAlsoCalledAgain() {
    serve("event: order\nid: 1\ndata: {\"sku\":\"A\"}\n\nevent: order\nid: 2\ndata: {\"sku\":\"B\"}\n\n");
    Recorder app = new Recorder();
    List<String> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
    client = SseClient.builder(server.url("/v1/sse").toString())
        .config(SseConfig.builder().ackPolicy(AckPolicy.disabled()).maxDeliveryAttempts(2).build())
        .listener(app).build();
    client.on("order", TypedEventsTest.Order.class, (order, event) -> {
      handled.add(event.id() + " " + order.sku);
      if (event.id().equals("1")) {
        throw new IllegalStateException("typed handler bug");
      }
    });
    client.start();
    assertThat(app.next(l -> l.startsWith("poison"))).isEqualTo("poison 1 order {\"sku\":\"A\"}");
    await().atMost(10, TimeUnit.SECONDS).until(() -> handled.contains("2 B"));
    assertThat(handled).containsExactly("1 A", "1 A", "2 B");
    assertThat(app.errors).hasSize(2).allSatisfy(e -> assertThat(e.getMessage()).contains("Order handler threw")
        .doesNotContain("sku"));
  }

  @Test
  void aPoisonCallbackThatThrowsIsReportedAndTheStreamGoesOn() {
    serve(events(1, 3));
    App app = new App("2", Integer.MAX_VALUE) {
      @Override
      public void onPoisonEvent(SseEvent event, SseException lastError) {
        super.onPoisonEvent(event, lastError);
        throw new IllegalStateException("poison handler bug");
      }
    };
    start(app, SseConfig.builder().maxDeliveryAttempts(1));
    await().atMost(10, TimeUnit.SECONDS).until(() -> log.contains("ack 3"));
    assertThat(log).contains("processed 3");
    assertThat(app.errors).hasSize(2);
  }

  /** Every ack names an id whose event, and every event before it, was processed or given up. */
  private void assertAcksNeverOvertake() {
    int settled = 0;
    for (String line : log) {
      if (line.startsWith("processed ") || line.startsWith("poison ")) {
        settled = Math.max(settled, Integer.parseInt(line.split(" ")[1]));
      } else if (line.startsWith("ack ")) {
        assertThat(Integer.parseInt(line.substring(4))).as("acked before settled: " + log).isLessThanOrEqualTo(settled);
      }
    }
  }
}
