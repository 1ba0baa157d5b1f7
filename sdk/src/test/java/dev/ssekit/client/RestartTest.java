package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.client.support.ClientOverMockServer;
import dev.ssekit.client.support.SseStreams;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;

/** Issue 9 rule 6: {@code restart()} reconnects at once, with the resume id, without an error. */
class RestartTest extends ClientOverMockServer {

  @Test
  void restartDropsTheLiveConnectionAndReconnectsAtOnceWithTheResumeId() throws Exception {
    server.enqueue(SseStreams.open("id: 7\ndata: a\n\n"));
    server.enqueue(SseStreams.open("id: 8\ndata: b\n\n"));
    start("/v1/sse", SseConfig.builder().reconnectPolicy(ReconnectPolicy.builder().initialDelayMillis(60_000)
        .maxDelayMillis(60_000).build()), recorder);
    assertThat(recorder.nextEvent()).isEqualTo("event 7 message a");
    take();
    long before = System.nanoTime();
    client.restart();
    assertThat(recorder.nextState("RECONNECTING")).isEqualTo("state RECONNECTING(attempt 1 in 0 ms)");
    assertThat(take().getHeaders().get("Last-Event-ID")).isEqualTo("7");
    assertThat(recorder.nextEvent()).isEqualTo("event 8 message b");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before)).isLessThan(10_000); // not the 60 s delay
    assertThat(recorder.errors).isEmpty();
  }

  @Test
  void restartWhileWaitingToReconnectCutsTheWaitShort() throws Exception {
    server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "3600").build());
    server.enqueue(SseStreams.open("id: 1\ndata: back\n\n"));
    start("/v1/sse", SseConfig.builder(), recorder);
    assertThat(recorder.nextState("RECONNECTING")).isEqualTo("state RECONNECTING(attempt 1 in 300000 ms)"); // capped
    client.restart();
    assertThat(recorder.nextState("RECONNECTING")).isEqualTo("state RECONNECTING(attempt 1 in 0 ms)");
    assertThat(recorder.nextEvent()).isEqualTo("event 1 message back");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void restartBeforeStartOrAfterCloseDoesNothing() throws Exception {
    client = SseClient.builder(server.url("/v1/sse").toString()).listener(recorder).build();
    client.restart();
    client.close();
    client.restart();
    assertThat(recorder.nextState("CLOSED")).isEqualTo("state CLOSED(CLOSED_BY_CALLER)");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aRestartBeforeStartIsIgnoredSoTheFirstFailureIsStillReported() throws Exception {
    server.enqueue(SseStreams.status(503, null));
    server.enqueue(SseStreams.open("data: in\n\n"));
    client = SseClient.builder(server.url("/v1/sse").toString()).ackPolicy(AckPolicy.disabled())
        .reconnectPolicy(ReconnectPolicy.builder().initialDelayMillis(7).maxDelayMillis(7).build())
        .listener(recorder).build();
    client.restart();
    client.start();
    assertThat(recorder.nextState("RECONNECTING")).matches("state RECONNECTING\\(attempt 1 in (7|8|9|10) ms\\)");
    assertThat(recorder.nextEvent()).isEqualTo("event null message in");
    assertThat(recorder.errors).hasSize(1).first().isInstanceOf(SseConnectionException.class);
  }

  @Test
  void manyRestartsInARowEndOpenWithoutAnError() throws Exception {
    for (int i = 0; i < 30; i++) {
      server.enqueue(SseStreams.open("id: " + i + "\ndata: x\n\n"));
    }
    start("/v1/sse", SseConfig.builder(), recorder);
    recorder.nextEvent();
    for (int i = 0; i < 10; i++) {
      client.restart();
    }
    recorder.nextEvent();
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
        .until(() -> client.state().kind() == ConnectionState.Kind.OPEN);
    int requests = server.getRequestCount();
    assertThat(requests).isBetween(2, 11);
    assertThat(recorder.errors).isEmpty();
  }
}
