package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.client.support.ClientOverMockServer;
import dev.ssekit.client.support.Recorder;
import dev.ssekit.client.support.SseStreams;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * README, "Resume, gaps, duplicates": before reconnecting, the client lets the app's callbacks finish what was
 * already read, so the reconnect resumes from the last event the app processed, not from the last one queued.
 */
class CallbacksFinishBeforeReconnectTest extends ClientOverMockServer {

  @ParameterizedTest(name = "callbacks on {0}")
  @ValueSource(strings = {"the reader thread (default)", "an executor"})
  void aReconnectAfterTheServerEndsResumesFromTheLastEventASlowAppProcessed(String where) throws Exception {
    // retry: 1 makes the base delay 1 ms, so only the wait for the app can hold the reconnect back
    server.enqueue(SseStreams.ending("retry: 1\n\nid: 1\ndata: a\n\nid: 2\ndata: b\n\nid: 3\ndata: c\n\n"));
    server.enqueue(SseStreams.open("id: 4\ndata: d\n\n"));
    ExecutorService executor = where.startsWith("an") ? Executors.newSingleThreadExecutor() : null;
    Recorder slow = new Recorder() {
      @Override
      public void onEvent(SseEvent event) {
        try {
          Thread.sleep(200); // the app's work, far longer than the 5 ms reconnect delay
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        super.onEvent(event);
      }
    };
    try {
      start("/v1/sse", SseConfig.builder().callbackExecutor(executor)
          .reconnectPolicy(ReconnectPolicy.builder().initialDelayMillis(5).maxDelayMillis(10).build()), slow);
      for (String id : new String[] {"1", "2", "3", "4"}) {
        assertThat(slow.nextEvent()).startsWith("event " + id + " ");
      }
      assertThat(take().getHeaders().get("Last-Event-ID")).isNull();
      assertThat(take().getHeaders().get("Last-Event-ID")).isEqualTo("3");
    } finally {
      if (executor != null) {
        executor.shutdown();
      }
    }
  }
}
