package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.client.support.ClientOverMockServer;
import dev.ssekit.client.support.SseStreams;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 rule 4: a connection that worked resets the backoff, the server's {@code retry:} is a floor, and
 * {@code Retry-After} counts in seconds or as an HTTP date.
 */
class ReconnectTimingTest extends ClientOverMockServer {

  @Test
  void aServerThatClosesAfterEveryEventCostsOnlyItsRetryTimeEachTime() {
    int connections = 50;
    for (int i = 1; i <= connections; i++) {
      server.enqueue(SseStreams.ending("retry: 20\nid: " + i + "\ndata: e" + i + "\n\n"));
    }
    server.enqueue(SseStreams.open(""));
    long started = System.nanoTime();
    start("/v1/sse", SseConfig.builder().reconnectPolicy(ReconnectPolicy.builder().initialDelayMillis(10)
        .maxDelayMillis(30_000).build()), recorder);
    for (int i = 1; i <= connections; i++) {
      assertThat(recorder.next(l -> l.startsWith("event "))).isEqualTo("event " + i + " message e" + i);
      String state = recorder.nextState("RECONNECTING");
      assertThat(state).startsWith("state RECONNECTING(attempt 1 in ");
      assertThat(delayOf(state)).isBetween(20L, 30L); // the retry time plus up to half a step of jitter
    }
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertThat(tookMillis).isLessThan(connections * (20 + 1000L)); // the bound; in practice ~2 s
  }

  @Test
  void theServersRetryTimeIsNeverUndercutEvenWhileFailuresGrowTheWait() throws Exception {
    server.enqueue(SseStreams.ending("retry: 2000\n\n"));
    server.enqueue(SseStreams.status(503, null));
    server.enqueue(SseStreams.open(""));
    start("/v1/sse", SseConfig.builder().reconnectPolicy(ReconnectPolicy.builder().initialDelayMillis(10)
        .maxDelayMillis(50).build()), recorder);
    take();
    long firstAt = System.nanoTime();
    take();
    long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - firstAt);
    assertThat(waited).isGreaterThanOrEqualTo(2000);
    assertThat(delayOf(recorder.nextState("RECONNECTING(attempt 1 "))).isBetween(2000L, 3000L);
    String second = recorder.nextState("RECONNECTING");
    assertThat(second).startsWith("state RECONNECTING(attempt 2 in ");
    assertThat(delayOf(second)).isGreaterThanOrEqualTo(2000);
  }

  @Test
  void retryAfterAsAnHttpDateIsHonoured() throws Exception {
    String inThreeSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.US)
        .format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(3));
    server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", inThreeSeconds).build());
    server.enqueue(SseStreams.open("data: back\n\n"));
    start("/v1/sse", SseConfig.builder().reconnectPolicy(ReconnectPolicy.builder().initialDelayMillis(1)
        .maxDelayMillis(5).build()), recorder);
    long delay = delayOf(recorder.nextState("RECONNECTING"));
    assertThat(delay).isBetween(1000L, 3000L); // the date has whole seconds
    assertThat(recorder.nextEvent()).isEqualTo("event null message back");
  }

  @Test
  void anUnreadableRetryAfterFallsBackToTheBackoff() {
    server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "soon-ish").build());
    server.enqueue(SseStreams.open("data: back\n\n"));
    start("/v1/sse", SseConfig.builder().reconnectPolicy(ReconnectPolicy.builder().initialDelayMillis(7)
        .maxDelayMillis(50).build()), recorder);
    assertThat(delayOf(recorder.nextState("RECONNECTING(attempt 1 "))).isBetween(7L, 10L);
    assertThat(recorder.nextEvent()).isEqualTo("event null message back");
  }

  @Test
  void aConnectionThatStayedOpenPastTheDelayResetsTheBackoffEvenWithoutEvents() {
    server.enqueue(SseStreams.status(503, null));
    server.enqueue(SseStreams.status(503, null));
    server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream")
        .body(": quiet\n\n").bodyDelay(300, TimeUnit.MILLISECONDS).build());
    server.enqueue(SseStreams.open(""));
    start("/v1/sse", SseConfig.builder().reconnectPolicy(ReconnectPolicy.builder().initialDelayMillis(50)
        .maxDelayMillis(100).build()), recorder);
    assertThat(recorder.nextState("RECONNECTING")).contains("attempt 1 ");
    assertThat(recorder.nextState("RECONNECTING")).contains("attempt 2 ");
    assertThat(delayOf(recorder.nextState("RECONNECTING"))).isBetween(50L, 75L);
    assertThat(recorder.states.get(recorder.states.size() - 1).attempt()).isEqualTo(1);
  }

  private static long delayOf(String state) {
    return Long.parseLong(state.replaceAll(".* in (\\d+) ms\\)", "$1"));
  }
}
