package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.client.support.ClientOverMockServer;
import dev.ssekit.client.support.SseStreams;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, item 5: the server cannot switch the backoff off or stretch it: {@code retry:} and
 * {@code Retry-After} are floors within {@link ReconnectPolicy#maxServerDelay()}, failures still back off
 * after {@code retry: 0}, and a failed {@code refreshToken()} is retried, not final.
 */
class BackoffBoundsTest extends ClientOverMockServer {

  private static long delayOf(String state) {
    return Long.parseLong(state.replaceAll(".* in (\\d+) ms\\)", "$1"));
  }

  @Test
  void afterRetryZeroA503StormStillBacksOffFromTheInitialDelay() {
    server.enqueue(SseStreams.ending("retry: 0\ndata: a\n\n"));
    for (int i = 0; i < 4; i++) {
      server.enqueue(SseStreams.status(503, null));
    }
    server.enqueue(SseStreams.open(""));
    start("/v1/sse", SseConfig.builder().reconnectPolicy(ReconnectPolicy.builder().initialDelayMillis(40)
        .maxDelayMillis(1000).build()), recorder);
    long first = delayOf(recorder.nextState("RECONNECTING(attempt 1 "));
    assertThat(first).isBetween(0L, 20L); // retry: 0 after a connection that worked, jittered by half a step
    for (int attempt = 2; attempt <= 5; attempt++) {
      String state = recorder.nextState("RECONNECTING");
      assertThat(state).startsWith("state RECONNECTING(attempt " + attempt + " ");
      assertThat(delayOf(state)).isGreaterThanOrEqualTo(40);
    }
  }

  @Test
  void aServerThatSendsOnlyRetryZeroAndHangsUpAtOnceStillGetsAGrowingBackoff() {
    for (int i = 0; i < 10; i++) {
      server.enqueue(SseStreams.ending("retry: 0\n\n"));
    }
    server.enqueue(SseStreams.open(""));
    start("/v1/sse", SseConfig.builder().reconnectPolicy(ReconnectPolicy.builder().initialDelayMillis(300)
        .maxDelayMillis(1000).build()), recorder);
    recorder.nextState("RECONNECTING");
    recorder.nextState("RECONNECTING");
    // three connections in a row, none delivered an event or stayed open a step: the third consecutive failure
    assertThat(recorder.nextState("RECONNECTING")).contains("attempt 3 ");
  }

  @Test
  void aRetryOfCenturiesIsCappedAtTheCeiling() {
    server.enqueue(SseStreams.ending("retry: 9999999999999\ndata: a\n\n"));
    server.enqueue(SseStreams.open(""));
    start("/v1/sse", SseConfig.builder().reconnectPolicy(ReconnectPolicy.builder().initialDelayMillis(10)
        .maxDelayMillis(50).maxServerDelay(Duration.ofMillis(300)).build()), recorder);
    assertThat(delayOf(recorder.nextState("RECONNECTING"))).isEqualTo(300);
    recorder.nextState("OPEN"); // connected again
  }

  @Test
  void aRetryAfterOfCenturiesIsCappedAtTheCeiling() {
    server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "999999999").build()); // 31 years
    server.enqueue(SseStreams.open("data: back\n\n"));
    start("/v1/sse", SseConfig.builder().reconnectPolicy(ReconnectPolicy.builder().initialDelayMillis(10)
        .maxDelayMillis(50).maxServerDelay(Duration.ofMillis(200)).build()), recorder);
    assertThat(delayOf(recorder.nextState("RECONNECTING"))).isEqualTo(200);
    assertThat(recorder.nextEvent()).isEqualTo("event null message back");
  }

  @Test
  void theDefaultCeilingIsFiveMinutes() {
    assertThat(ReconnectPolicy.defaults().maxServerDelay()).isEqualTo(Duration.ofMinutes(5));
  }

  /** A provider whose {@code refreshToken()} fails the first {@code failures} times. */
  private static TokenProvider refreshFailing(int failures, AtomicInteger refreshes) {
    return new TokenProvider() {
      @Override
      public String token() {
        return "old";
      }

      @Override
      public String refreshToken() throws Exception {
        if (refreshes.incrementAndGet() <= failures) {
          throw new java.io.IOException("the identity provider is briefly down");
        }
        return "fresh";
      }
    };
  }

  @Test
  void aRefreshTokenThatFailsOnceIsRetriedAtOnceAndTheAppSeesNoTokenFailure() throws Exception {
    server.enqueue(SseStreams.status(401, null));
    server.enqueue(SseStreams.open("data: in\n\n"));
    AtomicInteger refreshes = new AtomicInteger();
    start("/v1/sse", SseConfig.builder().reconnectPolicy(ReconnectPolicy.builder().initialDelayMillis(5)
        .maxDelayMillis(20).build()).tokenProvider(refreshFailing(1, refreshes)), recorder);
    assertThat(recorder.nextEvent()).isEqualTo("event null message in");
    take();
    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer fresh");
    assertThat(refreshes.get()).isEqualTo(2);
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(recorder.errors).noneMatch(e -> e.getMessage().contains("token provider"));
  }

  @Test
  void aRefreshTokenThatKeepsFailingIsReportedAndRetriedAfterTheBackoffNotFinal() throws Exception {
    server.enqueue(SseStreams.status(401, null));
    server.enqueue(SseStreams.open("data: in\n\n"));
    AtomicInteger refreshes = new AtomicInteger();
    start("/v1/sse", SseConfig.builder().reconnectPolicy(ReconnectPolicy.builder().initialDelayMillis(5)
        .maxDelayMillis(20).build()).tokenProvider(refreshFailing(3, refreshes)), recorder);
    assertThat(recorder.nextEvent()).isEqualTo("event null message in");
    take();
    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer fresh");
    assertThat(refreshes.get()).isEqualTo(4); // three attempts of one refresh, then one more after the backoff
    assertThat(recorder.errors).filteredOn(e -> e.getMessage().contains("token provider failed with java.io.IOException"))
        .hasSize(1);
  }
}
