package dev.ssekit.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssekit.client.AckPolicy;
import dev.ssekit.client.support.Routes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, item 4: an ack is a finite call retried by resilience4j-retry on the ack thread: I/O failures,
 * 5xx, 408, 429 and 401/403 are retried with a capped, jittered backoff, at most a bounded number of attempts,
 * each carrying the newest id; every kind of failure reaches the app once; a status a retry cannot change is
 * not retried.
 */
class AckTrackerRetryTest {

  @StartStop
  final MockWebServer server = new MockWebServer();

  private final Routes routes = new Routes();
  private final List<RuntimeException> errors = new CopyOnWriteArrayList<>();
  private final CountDownLatch finished = new CountDownLatch(1);
  /** OkHttp's own retry (of a 408 or a failed connection) is off, so every failure reaches the tracker. */
  private final OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
  private ScheduledExecutorService thread;
  private AckTracker acks;

  @BeforeEach
  void route() {
    server.setDispatcher(routes);
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (acks != null) {
      acks.close();
      assertThat(finished.await(10, TimeUnit.SECONDS)).as("the final ack finished").isTrue();
      assertThat(thread.awaitTermination(10, TimeUnit.SECONDS)).as("the ack thread ended").isTrue();
    }
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private void start(int attempts, long initialMillis) {
    thread = NamedThreads.scheduler("ack", 0, null);
    HttpUrl url = server.url("/v1/sse/ack");
    acks = new AckTracker(http, url, AckPolicy.batched(1, 60_000), new AckTracker.Context() {
      @Override
      public String clientId() {
        return "c-1";
      }

      @Override
      public void abandonTokenCalls() {}

      @Override
      public Request.Builder authorized(HttpUrl target, boolean freshToken, long maxTokenWaitMillis) {
        return new Request.Builder().url(target).header("X-Fresh", String.valueOf(freshToken));
      }

      @Override
      public void failed(RuntimeException error) {
        errors.add(error);
      }

      @Override
      public void finished() {
        finished.countDown();
      }
    }, thread, attempts, new CappedBackoff(initialMillis, initialMillis * 4));
  }

  private static MockResponse status(int code) {
    return new MockResponse.Builder().code(code).build();
  }

  private List<String> messages() {
    List<String> messages = new java.util.ArrayList<>();
    for (RuntimeException e : errors) {
      messages.add(e.getMessage());
    }
    return messages;
  }

  @Test
  void aFailingAckIsRetriedUntilItSucceedsAndEachKindOfFailureIsReportedOnce() throws Exception {
    routes.acks(n -> n <= 3 ? status(n == 2 ? 500 : 503) : status(204));
    start(10, 10);
    acks.processed("1", 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> "1".equals(acks.lastAckedId()));
    assertThat(routes.ackBodies).hasSize(4).allMatch(b -> b.contains("\"last_event_id\":\"1\""));
    assertThat(messages()).hasSize(2).anyMatch(m -> m.contains("HTTP 503")).anyMatch(m -> m.contains("HTTP 500"))
        .allMatch(m -> m.contains("retrying"));
  }

  @Test
  void anAckThatFailsEveryAttemptIsGivenUpReportedAndSentAgainWithTheNextEvent() throws Exception {
    routes.acks(n -> n <= 3 ? status(503) : status(204));
    start(3, 10);
    acks.processed("1", 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> messages().stream().anyMatch(m -> m.contains("gave up")));
    assertThat(routes.ackBodies).hasSize(3);
    assertThat(acks.lastAckedId()).isNull();
    acks.processed("2", 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> "2".equals(acks.lastAckedId()));
    assertThat(routes.ackBodies).hasSize(4);
    assertThat(routes.ackBodies).last().asString().contains("\"last_event_id\":\"2\"");
  }

  @Test
  void aRetryCarriesTheNewestIdAndA401AsksForAFreshToken() throws Exception {
    routes.acks(n -> n == 1 ? status(401) : status(204));
    start(10, 200);
    acks.processed("1", 1);
    assertThat(routes.nextAck()).contains("\"1\"");
    acks.processed("2", 1); // while the retry waits: it rides on the retry
    await().atMost(Duration.ofSeconds(10)).until(() -> "2".equals(acks.lastAckedId()));
    assertThat(routes.ackRequests.poll().getHeaders().get("X-Fresh")).isEqualTo("false");
    assertThat(routes.ackRequests.poll().getHeaders().get("X-Fresh")).isEqualTo("true");
    assertThat(routes.ackBodies.poll()).contains("\"2\"");
    assertThat(routes.ackRequests).isEmpty();
  }

  @Test
  void anAckRefusedWithAStatusARetryCannotChangeIsReportedAndThatIdIsNotSentAgain() throws Exception {
    routes.acks(n -> status(422));
    start(10, 10_000); // a retry, if there were one, would still be waiting at close
    acks.processed("1", 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> !errors.isEmpty());
    assertThat(messages()).singleElement().asString().contains("HTTP 422").contains("not retried");
    acks.close();
    assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(routes.ackBodies).as("the final ack does not send the refused id again").hasSize(1);
  }

  @Test
  void aTimeoutTooManyRequestsAndANetworkFailureAreRetriedWithTheSameId() throws Exception {
    routes.acks(n -> n == 1 ? status(408) : n == 2 ? status(429)
        : n == 3 ? new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket(true, false, false)).build()
        : status(204));
    start(10, 10);
    acks.processed("1", 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> "1".equals(acks.lastAckedId()));
    assertThat(routes.ackBodies).hasSize(4).allMatch(b -> b.contains("\"last_event_id\":\"1\""));
    assertThat(messages()).hasSize(3).anyMatch(m -> m.contains("HTTP 408")).anyMatch(m -> m.contains("HTTP 429"))
        .anyMatch(m -> m.contains("IOException")).allMatch(m -> m.contains("retrying"));
  }

  @Test
  void anIdTheHubDoesNotKnowIsNeitherRetriedNorReportedAndTheNextIdIsAcked() throws Exception {
    routes.acks(n -> n == 1 ? status(400) : status(204));
    start(10, 10);
    acks.processed("1", 1);
    assertThat(routes.nextAck()).contains("\"1\"");
    acks.processed("2", 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> "2".equals(acks.lastAckedId()));
    assertThat(routes.ackBodies).singleElement().asString().contains("\"2\"");
    assertThat(errors).isEmpty();
  }

  @Test
  void anAckRefusedWith403IsRetriedWithAFreshTokenAndReportedAsAnSseConnectionException() throws Exception {
    routes.acks(n -> n == 1 ? status(403) : status(204));
    start(10, 10);
    acks.processed("1", 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> "1".equals(acks.lastAckedId()));
    assertThat(routes.ackRequests.poll().getHeaders().get("X-Fresh")).isEqualTo("false");
    assertThat(routes.ackRequests.poll().getHeaders().get("X-Fresh")).isEqualTo("true");
    assertThat(errors).singleElement().isInstanceOf(dev.ssekit.client.SseConnectionException.class)
        .extracting(e -> ((dev.ssekit.client.SseConnectionException) e).status()).isEqualTo(403);
  }

  @Test
  void anIdWhoseAckWasGivenUpRidesOnTheFinalAckOnClose() throws Exception {
    routes.acks(n -> n <= 2 ? status(503) : status(204));
    start(2, 10);
    acks.processed("1", 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> messages().stream().anyMatch(m -> m.contains("gave up")));
    acks.close();
    assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(acks.lastAckedId()).isEqualTo("1");
    assertThat(routes.ackBodies).hasSize(3).last().asString().contains("\"1\"");
  }

  @Test
  void aServerWithoutTheAckEndpointTurnsAcksOffWithOneLogLine() throws Exception {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger("dev.ssekit.client");
    List<String> lines = new CopyOnWriteArrayList<>();
    java.util.logging.Handler handler = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord record) {
        lines.add(record.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    logger.addHandler(handler);
    try {
      routes.acks(n -> status(404));
      start(10, 10);
      acks.processed("1", 1);
      assertThat(routes.nextAck()).contains("\"1\"");
      await().atMost(Duration.ofSeconds(10)).until(() -> !lines.isEmpty());
      acks.processed("2", 1);
      acks.close();
      assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(routes.ackBodies).as("no ack after the 404, not even the final one").isEmpty();
      assertThat(lines).singleElement().asString().contains("no ack endpoint").contains("acks are off");
      assertThat(errors).isEmpty();
    } finally {
      logger.removeHandler(handler);
    }
  }
}
