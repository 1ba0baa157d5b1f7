package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssekit.client.support.Recorder;
import dev.ssekit.server.HubConfig;
import dev.ssekit.server.SseTestServer;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** Issue rule 8: 1,000 open/close cycles leave no SDK thread behind, and no stream open at the hub. */
class LeakTest {

  @Test
  void aThousandOpenCloseCyclesLeaveNoThreadOrStreamBehind() {
    try (SseTestServer server = SseTestServer.start(HubConfig.builder().heartbeatInterval(Duration.ofMillis(100)).build())) {
      OkHttpClient shared = new OkHttpClient();
      String url = server.url().resolve("/v1/sse").toString();
      for (int i = 0; i < 1000; i++) {
        Recorder app = new Recorder();
        SseClient client = SseClient.builder(url).okHttpClient(i % 2 == 0 ? shared : null)
            .config(SseConfig.builder().ackPolicy(AckPolicy.batched(1, 10)).build())
            .listener(app).build();
        client.start();
        if (i % 10 == 0) {
          app.nextState("OPEN"); // every tenth waits for the stream; the others close at any point
        }
        client.close();
      }
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(ThreadingTest.sdkThreads()).as(ThreadingTest::sdkThreadStacks).isEmpty());
      await().atMost(Duration.ofSeconds(20)).until(() -> server.hub().getClientCount() == 0);
      assertThat(ThreadingTest.sdkThreads()).as(ThreadingTest::sdkThreadStacks).isEmpty();
      shared.connectionPool().evictAll();
    }
  }
}
