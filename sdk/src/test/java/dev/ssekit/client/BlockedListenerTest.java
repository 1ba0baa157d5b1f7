package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssekit.client.support.RawServer;
import dev.ssekit.client.support.Recorder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 18, item 1: state changes and errors are bounded while a callback blocks. The reader waits for the
 * callbacks of one connection attempt to run before it makes the next (by default it runs them itself), so a
 * failing server does not pile up {@code onError}/{@code onStateChange} tasks behind a blocked listener.
 */
class BlockedListenerTest {

  /**
   * The reader is held by the app: it runs the blocked callback itself, or waits in {@code awaitHandled} for the
   * callback executor to run it.
   */
  private static boolean readerWaitsForTheApp() {
    for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
      if (e.getKey().getName().startsWith("ssekit-sse-reader-")) {
        for (StackTraceElement frame : e.getValue()) {
          if (frame.getClassName().endsWith("internal.Delivery") && frame.getMethodName().equals("awaitHandled")
              || frame.getClassName().startsWith(BlockedListenerTest.class.getName())
              && frame.getMethodName().equals("onError")) {
            return true;
          }
        }
      }
    }
    return false;
  }

  @ParameterizedTest(name = "callbacks on {0}")
  @ValueSource(strings = {"the reader thread (default)", "an executor"})
  void aFailingServerIsNotRetriedWhileTheListenerIsStillBlockedInTheLastAttemptsCallbacks(String where)
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch blocked = new CountDownLatch(1);
    Recorder app = new Recorder() {
      @Override
      public void onError(SseException error) {
        super.onError(error);
        blocked.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    ExecutorService executor = where.startsWith("an") ? Executors.newSingleThreadExecutor() : null;
    try (RawServer server = new RawServer((request, out) -> {
      out.write("HTTP/1.1 503 Busy\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return true;
    }); SseClient client = SseClient.builder(server.url("/v1/sse"))
        .config(SseConfig.builder().ackPolicy(AckPolicy.disabled()).callbackExecutor(executor)
            .reconnectPolicy(ReconnectPolicy.builder().initialDelayMillis(1).maxDelayMillis(5).build()).build())
        .listener(app).build()) {
      try {
        client.start();
        blocked.await();
        await().atMost(Duration.ofSeconds(20)).until(BlockedListenerTest::readerWaitsForTheApp);
        int requests = server.requests.size();
        assertThat(requests).isBetween(1, 2);
        assertThat(readerWaitsForTheApp()).isTrue();
        assertThat(server.requests.size()).isEqualTo(requests);
        release.countDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> server.requests.size() > requests + 2);
      } finally {
        release.countDown();
      }
    } finally {
      if (executor != null) {
        executor.shutdownNow();
      }
    }
  }
}
