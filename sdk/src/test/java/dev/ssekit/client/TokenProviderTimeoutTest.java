package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssekit.client.support.ClientOverMockServer;
import dev.ssekit.client.support.SseStreams;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, item 4: a {@code TokenProvider} call is bounded by {@link SseConfig#tokenTimeout()}: one that hangs
 * is reported and retried with backoff instead of leaving the client {@code CONNECTING} forever, and it is
 * abandoned (interrupted) on {@code close()}, leaving no SDK thread.
 */
class TokenProviderTimeoutTest extends ClientOverMockServer {

  @Test
  void aTokenProviderThatHangsIsReportedAndRetriedAndAbandonedOnClose() {
    server.enqueue(SseStreams.open("data: never reached\n\n"));
    CountDownLatch never = new CountDownLatch(1);
    start("/v1/sse", SseConfig.builder().tokenTimeout(Duration.ofMillis(200))
        .reconnectPolicy(ReconnectPolicy.builder().initialDelayMillis(5).maxDelayMillis(20).build())
        .tokenProvider(() -> {
          never.await();
          return "unreachable";
        }), recorder);
    assertThat(recorder.nextState("RECONNECTING")).startsWith("state RECONNECTING(attempt 1 ");
    assertThat(recorder.errors).first().isInstanceOf(SseConnectionException.class)
        .satisfies(e -> assertThat(e.getMessage()).contains("token provider"));
    client.close();
    recorder.nextState("CLOSED");
    await().atMost(Duration.ofSeconds(5)).untilAsserted(
        () -> assertThat(ThreadingTest.sdkThreads()).as(ThreadingTest::sdkThreadStacks).isEmpty());
  }

  @Test
  void theDefaultTokenTimeoutIsThirtySeconds() {
    assertThat(SseConfig.defaults().tokenTimeout()).isEqualTo(Duration.ofSeconds(30));
  }
}
