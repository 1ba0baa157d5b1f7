package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssekit.client.support.Recorder;
import dev.ssekit.client.support.Routes;
import dev.ssekit.client.support.SseStreams;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue rule 5: batched acks that never get in the way of delivery. */
class AckTest {

  @StartStop
  final MockWebServer server = new MockWebServer();

  private final Routes routes = new Routes();
  private final Recorder recorder = new Recorder();
  private SseClient client;

  @BeforeEach
  void route() {
    server.setDispatcher(routes);
  }

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
  }

  private static String events(int from, int to) {
    StringBuilder sb = new StringBuilder("event: connected\ndata: {\"client_id\":\"me\",\"timestamp\":1}\n\n");
    for (int i = from; i <= to; i++) {
      sb.append("id: ").append(i).append("\ndata: e").append(i).append("\n\n");
    }
    return sb.toString();
  }

  private void start(AckPolicy policy) {
    client = SseClient.builder(server.url("/v1/sse").toString())
        .config(SseConfig.builder().ackPolicy(policy).token("tok").build())
        .listener(recorder)
        .build();
    client.start();
  }

  @Test
  void acksTheNewestIdEveryNEventsWithTheSameAuth() throws Exception {
    routes.stream(SseStreams.open(events(1, 6)));
    start(AckPolicy.batched(3, 3_600_000));
    // The batch of 3 triggers an ack long before the one-hour interval; it carries the newest id processed.
    assertThat(routes.nextAck()).matches("\\{\"client_id\":\"me\",\"last_event_id\":\"[3-6]\"}");
    assertThat(routes.ackRequests.peek().getHeaders().get("Authorization")).isEqualTo("Bearer tok");
    assertThat(routes.ackRequests.peek().getUrl().encodedPath()).isEqualTo("/v1/sse/ack");
    await().until(() -> "6".equals(client.lastAckedId()));
    assertThat(routes.ackRequests.size()).isLessThanOrEqualTo(2);
  }

  @Test
  void aBusyStreamSendsAtMostOneCountTriggeredAckEachHundredMillisecondsAndStillAcksItsLastEvent()
      throws Exception {
    int events = 20_000;
    routes.stream(SseStreams.open(events(1, events)));
    long started = System.nanoTime();
    start(AckPolicy.batched(1, 3_600_000)); // an ack per event, were it not paced
    await().atMost(Duration.ofSeconds(30)).until(() -> String.valueOf(events).equals(client.lastAckedId()));
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    // Sends are at least 100 ms apart, one at a time: in elapsedMillis at most elapsedMillis / 100 + 1 of them.
    assertThat(routes.ackRequests.size()).as("acks in %d ms", elapsedMillis)
        .isLessThanOrEqualTo((int) (elapsedMillis / 100) + 1);
  }

  @Test
  void acksStayPacedWhenTheTokenProviderIsSlowAndEventsKeepComing() throws Exception {
    // A request asks the token provider first; an ack queued while it was asked must still wait its 100 ms.
    StringBuilder body = new StringBuilder("event: connected\ndata: {\"client_id\":\"me\",\"timestamp\":1}\n\n");
    for (int i = 1; i <= 1500; i++) {
      body.append("id: ").append(i).append("\ndata: e\n\n");
    }
    routes.stream(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream")
        .throttleBody(18, 1, TimeUnit.MILLISECONDS) // about one event per millisecond
        .body(body.toString()).build());
    long started = System.nanoTime();
    client = SseClient.builder(server.url("/v1/sse").toString())
        .config(SseConfig.builder().ackPolicy(AckPolicy.batched(1, 3_600_000)).tokenProvider(() -> {
          try {
            Thread.sleep(40); // a provider that asks an identity service; pacing the test's token, not waiting for it
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return "tok";
        }).build())
        .listener(recorder)
        .build();
    client.start();
    await().atMost(Duration.ofSeconds(30)).until(() -> "1500".equals(client.lastAckedId()));
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertThat(routes.ackRequests.size()).as("acks in %d ms", elapsedMillis)
        .isLessThanOrEqualTo((int) (elapsedMillis / 100) + 1);
  }

  @Test
  void acksAfterTheIntervalWhenFewerEventsCame() throws Exception {
    routes.stream(SseStreams.open(events(1, 2)));
    start(AckPolicy.batched(1000, 50));
    assertThat(routes.nextAck()).contains("\"last_event_id\":\"2\"");
  }

  @Test
  void flushesOnClose() throws Exception {
    routes.stream(SseStreams.open(events(1, 2)));
    start(AckPolicy.batched(1000, 3_600_000));
    recorder.next(l -> l.equals("event 2 message e2"));
    await().until(() -> "2".equals(client.lastEventId()));
    client.close();
    assertThat(routes.nextAck()).contains("\"last_event_id\":\"2\"");
  }

  @Test
  void theJoinPositionOfAConnectedEventIsNeverAcknowledged() throws Exception {
    routes.stream(SseStreams.open(
        "event: connected\ndata: {\"client_id\":\"me\",\"timestamp\":1,\"last_event_id\":\"r-7\"}\n\n"));
    start(AckPolicy.batched(1, 10));
    await().until(() -> "r-7".equals(client.lastEventId())); // the resume id, but nothing was processed
    client.close(); // would flush a final ack, if there were one
    assertThat(routes.ackRequests).isEmpty();
    assertThat(client.lastAckedId()).isNull();
  }

  @Test
  void aFinalAckTheServerNeverAnswersDoesNotKeepTheAckThreadAlive() throws Exception {
    routes.stream(SseStreams.open(events(1, 2)));
    routes.acks(n -> new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    start(AckPolicy.batched(1000, 3_600_000));
    recorder.next(l -> l.equals("event 2 message e2"));
    await().until(() -> "2".equals(client.lastEventId()));
    client.close();
    assertThat(routes.nextAck()).contains("\"last_event_id\":\"2\"");
    // The final ack has a 2 s deadline; the ack thread used to wait for the 10 s call timeout.
    await().atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(ThreadingTest.sdkThreads()).as(ThreadingTest::sdkThreadStacks).isEmpty());
    assertThat(client.lastAckedId()).isNull();
  }

  @Test
  void aServerWithoutTheAckEndpointTurnsAcksOffAndTheStreamGoesOn() throws Exception {
    routes.stream(SseStreams.open(events(1, 10)));
    routes.acks(n -> new MockResponse.Builder().code(404).build());
    start(AckPolicy.batched(2, 3_600_000));
    routes.nextAck();
    assertThat(recorder.next(l -> l.equals("event 10 message e10"))).isNotNull();
    assertThat(routes.ackBodies.poll(300, TimeUnit.MILLISECONDS)).isNull();
    assertThat(client.lastAckedId()).isNull();
  }

  @Test
  void failedAcksAreRetriedWithBackoffAndNeverDelayEvents() throws Exception {
    routes.stream(SseStreams.open(events(1, 3)));
    routes.acks(n -> n <= 2
        ? new MockResponse.Builder().code(500).build()
        : new MockResponse.Builder().code(204).build());
    start(AckPolicy.batched(3, 3_600_000));
    assertThat(recorder.next(l -> l.equals("event 3 message e3"))).isNotNull();
    assertThat(routes.nextAck()).contains("\"3\"");
    assertThat(routes.nextAck()).contains("\"3\"");
    assertThat(routes.nextAck()).contains("\"3\"");
    await().atMost(Duration.ofSeconds(10)).until(() -> "3".equals(client.lastAckedId()));
  }

  @Test
  void noAcksWhenDisabled() throws Exception {
    routes.stream(SseStreams.open(events(1, 5)));
    start(AckPolicy.disabled());
    recorder.next(l -> l.equals("event 5 message e5"));
    client.close();
    assertThat(routes.ackBodies.poll(300, TimeUnit.MILLISECONDS)).isNull();
  }
}
