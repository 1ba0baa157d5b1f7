package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssekit.client.support.RawServer;
import dev.ssekit.client.support.Recorder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, item 4: {@code close()} cancels an ack in flight, so the final ack is bounded by its 2 s and no
 * SDK thread or socket remains after it, even against an ack endpoint that never answers.
 */
class AckCloseTest {

  @Test
  void closeCancelsAnAckInFlightSoNoSdkThreadOrSocketOutlivesTheFinalAcksTwoSeconds() throws Exception {
    BlockingQueue<RawServer.Request> acks = new LinkedBlockingQueue<>();
    Recorder app = new Recorder();
    try (RawServer server = new RawServer((request, out) -> {
      if (request.path.startsWith("/v1/sse/ack")) {
        acks.add(request);
        request.awaitClientClose(); // never answers
        return false;
      }
      RawServer.streamHead(out);
      out.write("event: connected\ndata: {\"client_id\":\"c-1\"}\n\nid: 1\ndata: a\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      request.awaitClientClose();
      return false;
    })) {
      SseClient client = SseClient.builder(server.url("/v1/sse")).ackPolicy(AckPolicy.batched(1, 10))
          .listener(app).build();
      client.start();
      assertThat(acks.poll(10, TimeUnit.SECONDS)).as("an ack in flight").isNotNull();
      client.close();
      await().atMost(Duration.ofMillis(4_000)).untilAsserted(
          () -> assertThat(ThreadingTest.sdkThreads()).as(ThreadingTest::sdkThreadStacks).isEmpty());
      await().atMost(Duration.ofSeconds(5)).until(() -> server.openConnections() == 0);
    }
  }
}
