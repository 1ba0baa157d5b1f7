package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssekit.client.support.ClientOverMockServer;
import dev.ssekit.client.support.Recorder;
import dev.ssekit.client.support.Routes;
import dev.ssekit.client.support.SseStreams;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, item 3: no callback path fails silently. An {@code Error} thrown by a callback closes the client
 * with {@code FAILED} and the cause (as the README says) and the event is not processed; with no listener,
 * failures are logged once per kind, saying what to do.
 */
class NoSilentFailureTest extends ClientOverMockServer {

  @Test
  void anErrorThrownByOnEventClosesTheClientWithFailedAndTheEventIsNotProcessed() {
    server.enqueue(SseStreams.open("id: 1\ndata: ok\n\nid: 2\ndata: fatal\n\nid: 3\ndata: after\n\n"));
    Recorder app = new Recorder() {
      @Override
      public void onEvent(SseEvent event) {
        super.onEvent(event);
        if (event.data().equals("fatal")) {
          throw new OutOfMemoryError("the app ran out");
        }
      }
    };
    start("/v1/sse", SseConfig.builder(), app);
    assertThat(app.nextState("CLOSED")).startsWith("state CLOSED(FAILED");
    assertThat(app.states.get(app.states.size() - 1).error()).hasCauseInstanceOf(OutOfMemoryError.class);
    assertThat(app.drain()).noneMatch(l -> l.startsWith("poison") || l.startsWith("event 3"))
        .filteredOn(l -> l.startsWith("event 2")).hasSize(1); // called once, not retried as a poison event
    assertThat(client.lastEventId()).isEqualTo("1");
  }

  @Test
  void anErrorThrownByATypedHandlerClosesTheClientWithFailed() {
    server.enqueue(SseStreams.open("id: 1\nevent: order\ndata: {}\n\n"));
    start("/v1/sse", SseConfig.builder(), recorder);
    client.on("order", java.util.Map.class, order -> {
      throw new StackOverflowError();
    });
    assertThat(recorder.nextState("CLOSED")).startsWith("state CLOSED(FAILED");
    assertThat(recorder.drain()).noneMatch(l -> l.startsWith("poison"));
  }

  /** Captures what the SDK logs. */
  private static final class Captured extends Handler {
    final List<LogRecord> records = new CopyOnWriteArrayList<>();

    @Override
    public void publish(LogRecord record) {
      records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  @Test
  void withNoListenerADecodeFailureAndItsPoisonEventAreLoggedOncePerKindSayingWhatToDo() {
    Logger logger = Logger.getLogger("dev.ssekit.client");
    Captured captured = new Captured();
    logger.addHandler(captured);
    try {
      server.enqueue(SseStreams.open("id: 1\nevent: order\ndata: not json\n\nid: 2\nevent: order\ndata: nor this\n\n"
          + "id: 3\ndata: done\n\n"));
      client = SseClient.builder(server.url("/v1/sse").toString()).ackPolicy(AckPolicy.disabled()).build();
      client.on("order", java.util.Map.class, order -> {});
      client.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> "3".equals(client.lastEventId()));
      assertThat(captured.records).filteredOn(r -> r.getLevel() == Level.WARNING)
          .extracting(LogRecord::getMessage)
          .hasSize(2)
          .allSatisfy(m -> assertThat(m).contains("SseClient.Builder.listener"))
          .anySatisfy(m -> assertThat(m).contains("cannot decode"))
          .anySatisfy(m -> assertThat(m).contains("given up"));
    } finally {
      logger.removeHandler(captured);
    }
  }

  @Test
  void withNoListenerAnAckFailureIsLoggedEvenAfterAConnectionFailureOfTheSameExceptionType() {
    Logger logger = Logger.getLogger("dev.ssekit.client");
    Captured captured = new Captured();
    logger.addHandler(captured);
    Routes routes = new Routes();
    server.setDispatcher(routes);
    try {
      routes.stream(SseStreams.status(503, null)); // a connection failure first: an SseConnectionException
      routes.stream(SseStreams.open("id: 1\ndata: one\n\n"));
      routes.acks(n -> new mockwebserver3.MockResponse.Builder().code(401).build()); // then every ack refused
      client = SseClient.builder(server.url("/v1/sse").toString()).config(SseConfig.builder().clientId("c-1")
          .reconnectPolicy(ReconnectPolicy.builder().initialDelayMillis(5).maxDelayMillis(10).build())
          .ackPolicy(AckPolicy.batched(1, 10)).build()).build();
      client.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> captured.records.stream()
          .anyMatch(r -> r.getMessage().contains("an ack to")));
      assertThat(captured.records).filteredOn(r -> r.getLevel() == Level.WARNING).extracting(LogRecord::getMessage)
          .anySatisfy(m -> assertThat(m).contains("HTTP 503"))
          .anySatisfy(m -> assertThat(m).contains("an ack to").contains("401"));
    } finally {
      logger.removeHandler(captured);
    }
  }
}
