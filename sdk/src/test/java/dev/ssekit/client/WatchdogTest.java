package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.client.support.RawServer;
import dev.ssekit.client.support.Recorder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, item 6: the watchdog counts lines, not bytes. A server that trickles bytes of a line that never
 * ends is silence: after the read timeout with no complete line, the client reconnects. The watchdog judges the
 * server, not the app: the time a callback runs (on the reader thread, or holding the reader back through
 * backpressure) does not count.
 */
class WatchdogTest {

  @Test
  void aServerThatTricklesALineThatNeverEndsIsReconnectedAfterTheReadTimeout() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    Recorder app = new Recorder();
    try (RawServer server = new RawServer((request, out) -> {
      RawServer.streamHead(out);
      if (connections.incrementAndGet() == 1) {
        out.write("data: first\n\ndata: ".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        for (int i = 0; i < 2_000; i++) { // one byte every 20 ms, far less than the read timeout apart
          out.write('x');
          out.flush();
          Thread.sleep(20);
        }
      } else {
        out.write("data: second\n\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        request.awaitClientClose();
      }
      return false;
    }); SseClient client = SseClient.builder(server.url("/v1/sse")).readTimeout(Duration.ofMillis(400))
        .reconnectPolicy(ReconnectPolicy.builder().initialDelayMillis(5).maxDelayMillis(10).build())
        .ackPolicy(AckPolicy.disabled()).listener(app).build()) {
      client.start();
      assertThat(app.nextEvent()).isEqualTo("event null message first");
      assertThat(app.nextEvent()).isEqualTo("event null message second");
      assertThat(app.errors).first().isInstanceOf(SseConnectionException.class);
    }
  }

  @Test
  void aStreamThatKeepsSendingCompleteLinesIsNotCutByTheWatchdog() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    Recorder app = new Recorder();
    try (RawServer server = new RawServer((request, out) -> {
      RawServer.streamHead(out);
      connections.incrementAndGet();
      for (int i = 1; i <= 30; i++) { // 30 lines 40 ms apart: 1.2 s in all, past the read timeout
        out.write((": line " + i + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Thread.sleep(40);
      }
      out.write("data: done\n\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      request.awaitClientClose();
      return false;
    }); SseClient client = SseClient.builder(server.url("/v1/sse")).readTimeout(Duration.ofMillis(1000))
        .ackPolicy(AckPolicy.disabled()).listener(app).build()) {
      client.start();
      assertThat(app.nextEvent()).isEqualTo("event null message done");
      assertThat(connections.get()).isEqualTo(1);
      assertThat(app.errors).isEmpty();
    }
  }

  /**
   * The server sends {@code first}, then one more event only once the callback of "slow", which runs three read
   * timeouts long, has returned. Were the callback's time counted, the reader's next wait would time out at once
   * and the client would reconnect, on a second connection.
   */
  private static void aLongCallbackDoesNotTripTheWatchdog(Executor executor, String first) throws Exception {
    AtomicInteger connections = new AtomicInteger();
    CountDownLatch callbackDone = new CountDownLatch(1);
    Recorder app = new Recorder() {
      @Override
      public void onEvent(SseEvent event) {
        if (event.data().equals("slow")) {
          try {
            Thread.sleep(1_500); // the app's work: three read timeouts long
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          callbackDone.countDown();
        }
        super.onEvent(event);
      }
    };
    try (RawServer server = new RawServer((request, out) -> {
      RawServer.streamHead(out);
      if (connections.incrementAndGet() == 1) {
        out.write(first.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        callbackDone.await(20, TimeUnit.SECONDS);
        out.write("data: next\n\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
      request.awaitClientClose();
      return false;
    })) {
      SseClient.Builder builder = SseClient.builder(server.url("/v1/sse")).readTimeout(Duration.ofMillis(500))
          .reconnectPolicy(ReconnectPolicy.builder().initialDelayMillis(5).maxDelayMillis(10).build())
          .ackPolicy(AckPolicy.disabled()).listener(app);
      if (executor != null) {
        builder.config(SseConfig.builder().callbackExecutor(executor).maxPendingEvents(1).readTimeout(
            Duration.ofMillis(500)).reconnectPolicy(ReconnectPolicy.builder().initialDelayMillis(5).maxDelayMillis(10)
            .build()).ackPolicy(AckPolicy.disabled()).build());
      }
      try (SseClient client = builder.build()) {
        client.start();
        assertThat(app.nextEvent()).isEqualTo("event null message slow");
        if (first.contains("filler")) {
          assertThat(app.nextEvent()).isEqualTo("event null message filler");
        }
        assertThat(app.nextEvent()).isEqualTo("event null message next");
        assertThat(connections.get()).isEqualTo(1);
        assertThat(app.errors).isEmpty();
      }
    }
  }

  @Test
  void aCallbackOnTheReaderThreadThatRunsPastTheReadTimeoutDoesNotTripTheWatchdog() throws Exception {
    aLongCallbackDoesNotTripTheWatchdog(Runnable::run, "data: slow\n\n");
  }

  @Test
  void aCallbackThatHoldsTheReaderBackPastTheReadTimeoutDoesNotTripTheWatchdog() throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      // "filler" finds no room while "slow" runs: the reader waits for the app, not for the server
      aLongCallbackDoesNotTripTheWatchdog(executor, "data: slow\n\ndata: filler\n\n");
    } finally {
      executor.shutdownNow();
    }
  }
}
