package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.client.support.RawServer;
import dev.ssekit.client.support.Recorder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, item 6: the watchdog counts lines, not bytes. A server that trickles bytes of a line that never
 * ends is silence: after the read timeout with no complete line, the client reconnects.
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
}
