package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssekit.client.support.RawServer;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, item 5: the first reconnect after a cut is jittered too, so when a server drops every stream at
 * once the clients do not all come back in the same millisecond. Twenty clients on one socket server have
 * their streams closed together; their reconnects must spread over a good part of the jitter window
 * ({@code [initialDelay, initialDelay * 1.5]}). A busy machine can only add delay, never bunch them up.
 */
class SharedCutJitterTest {

  private static final int CLIENTS = 20;
  private static final long INITIAL_DELAY_MILLIS = 1_000;
  /** The first reconnect waits a random time in [initialDelay, initialDelay + initialDelay / 2]. */
  private static final long JITTER_WINDOW_MILLIS = INITIAL_DELAY_MILLIS / 2;

  @Test
  void twentyClientsCutAtOnceComeBackSpreadOverTheJitterWindow() throws Exception {
    CountDownLatch connected = new CountDownLatch(CLIENTS);
    CountDownLatch cut = new CountDownLatch(1);
    BlockingQueue<Long> reconnects = new LinkedBlockingQueue<>();
    List<SseClient> clients = new ArrayList<>();
    try (RawServer server = new RawServer((request, out) -> {
      if (!request.path.startsWith("/v1/sse") || request.path.startsWith("/v1/sse/ack")) {
        write(out, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        return true;
      }
      RawServer.streamHead(out);
      if (request.header("Last-Event-ID") != null) {
        reconnects.add(System.nanoTime());
        request.awaitClientClose();
        return false;
      }
      write(out, "id: 1\ndata: hello\n\n");
      connected.countDown();
      cut.await();
      return false; // every stream ends at once
    })) {
      ReconnectPolicy policy = ReconnectPolicy.builder().initialDelayMillis(INITIAL_DELAY_MILLIS).build();
      for (int i = 0; i < CLIENTS; i++) {
        SseClient client = SseClient.builder(server.url("/v1/sse")).reconnectPolicy(policy)
            .ackPolicy(AckPolicy.disabled()).listener(event -> { }).build();
        clients.add(client);
        client.start();
      }
      assertThat(connected.await(30, TimeUnit.SECONDS)).as("all clients connected").isTrue();
      long cutAt = System.nanoTime();
      cut.countDown();

      List<Long> waits = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        Long at = reconnects.poll(30, TimeUnit.SECONDS);
        assertThat(at).as("reconnect %d of %d within 30 s", i + 1, CLIENTS).isNotNull();
        waits.add(TimeUnit.NANOSECONDS.toMillis(at - cutAt));
      }
      Collections.sort(waits);
      long spread = waits.get(CLIENTS - 1) - waits.get(0);
      assertThat(waits.get(0)).as("no reconnect before the initial delay: %s", waits)
          .isGreaterThanOrEqualTo(INITIAL_DELAY_MILLIS);
      // Uniform over a 500 ms window, twenty waits span about 450 ms; under a fifth of it is all but impossible
      // by chance (about 20 * 0.2^19), and without jitter they span a few milliseconds.
      assertThat(spread).as("reconnects after the cut (ms): %s", waits)
          .isGreaterThanOrEqualTo(JITTER_WINDOW_MILLIS / 5);
    } finally {
      for (SseClient client : clients) {
        client.close();
      }
    }
    await().atMost(Duration.ofSeconds(10)).untilAsserted(
        () -> assertThat(ThreadingTest.sdkThreads()).as(ThreadingTest::sdkThreadStacks).isEmpty());
  }

  private static void write(OutputStream out, String s) throws java.io.IOException {
    out.write(s.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
