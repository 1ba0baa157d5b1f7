package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ssekit.client.support.ClientOverMockServer;
import dev.ssekit.client.support.SseStreams;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 rule 1: every failure on an SDK thread ends in a callback and a state the app can see — onError and a
 * retry when retrying can help, CLOSED with the reason and the cause when it cannot. Never a silent stall.
 */
class FailuresAreReportedTest extends ClientOverMockServer {

  private static final ReconnectPolicy FAST = ReconnectPolicy.builder().initialDelayMillis(5).maxDelayMillis(20).build();

  /** A store whose saves fail: the app hears of it, and the stream and the resume id go on in memory. */
  private static final class BrokenStore implements LastEventIdStore {
    final AtomicInteger saves = new AtomicInteger();

    @Override
    public String lastEventId() {
      return null;
    }

    @Override
    public void saveLastEventId(String id) {
      saves.incrementAndGet();
      throw new IllegalStateException("disk full");
    }

    @Override
    public String clientId() {
      return null;
    }

    @Override
    public void saveClientId(String clientId) {
      throw new IllegalStateException("disk full");
    }
  }

  @Test
  void aStoreThatThrowsIsReportedAndTheStreamGoesOn() throws Exception {
    server.enqueue(SseStreams.ending("event: connected\ndata: {\"client_id\":\"c-1\"}\n\nid: 1\ndata: a\n\n"));
    server.enqueue(SseStreams.open("id: 2\ndata: b\n\n"));
    BrokenStore store = new BrokenStore();
    start("/v1/sse", SseConfig.builder().lastEventIdStore(store).reconnectPolicy(FAST), recorder);
    assertThat(recorder.next(l -> l.startsWith("event 1"))).isEqualTo("event 1 message a");
    assertThat(recorder.nextEvent()).isEqualTo("event 2 message b");
    take();
    RecordedRequestAssert second = new RecordedRequestAssert(take());
    second.header("Last-Event-ID", "1").header("X-Client-ID", "c-1");
    await().atMost(Duration.ofSeconds(10)).until(() -> store.saves.get() >= 2);
    await().atMost(Duration.ofSeconds(10)).until(() -> "2".equals(client.lastEventId()));
    assertThat(recorder.errors).filteredOn(e -> e.getMessage().contains("LastEventIdStore")).hasSizeGreaterThanOrEqualTo(2)
        .allSatisfy(e -> assertThat(e.getCause()).hasMessage("disk full"));
    assertThat(client.state().kind()).isEqualTo(ConnectionState.Kind.OPEN);
  }

  @Test
  void aCallbackExecutorThatRejectsClosesTheClientWithTheCauseAndLeavesNoThread() {
    server.enqueue(SseStreams.open("id: 1\ndata: a\n\n"));
    AtomicInteger accepted = new AtomicInteger();
    ExecutorService app = Executors.newSingleThreadExecutor();
    try {
      Executor rejecting = task -> {
        if (accepted.incrementAndGet() > 2) {
          throw new RejectedExecutionException("app is shutting down");
        }
        app.execute(task);
      };
      start("/v1/sse", SseConfig.builder().callbackExecutor(rejecting).reconnectPolicy(FAST), recorder);
      String closed = recorder.nextState("CLOSED");
      assertThat(closed).startsWith("state CLOSED(FAILED");
      assertThat(client.state().closeReason()).isEqualTo(CloseReason.FAILED);
      assertThat(client.state().error()).hasRootCauseInstanceOf(RejectedExecutionException.class);
      assertThat(recorder.errors).contains(client.state().error());
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ThreadingTest.sdkThreads()).as(ThreadingTest::sdkThreadStacks).isEmpty());
    } finally {
      app.shutdownNow();
    }
  }

  @Test
  void whenTheExecutorRejectsTheLastCallbacksTheyStillArriveOnAnSdkThread() {
    server.enqueue(SseStreams.status(204, null));
    AtomicInteger accepted = new AtomicInteger();
    ExecutorService app = Executors.newSingleThreadExecutor(r -> new Thread(r, "app-thread"));
    try {
      Executor rejectingAfterTheFirst = task -> {
        if (accepted.incrementAndGet() > 1) {
          throw new RejectedExecutionException("app is shutting down");
        }
        app.execute(task);
      };
      start("/v1/sse", SseConfig.builder().callbackExecutor(rejectingAfterTheFirst), recorder);
      assertThat(recorder.nextState("CLOSED")).isEqualTo("state CLOSED(CLOSED_BY_SERVER)");
      assertThat(recorder.threads.get(recorder.threads.size() - 1)).startsWith("ssekit-sse-callback-");
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ThreadingTest.sdkThreads()).as(ThreadingTest::sdkThreadStacks).isEmpty());
    } finally {
      app.shutdownNow();
    }
  }

  @Test
  void aTokenProviderThatThrowsIsReportedAndRetried() throws Exception {
    server.enqueue(SseStreams.open("data: in\n\n"));
    AtomicInteger calls = new AtomicInteger();
    start("/v1/sse", SseConfig.builder().reconnectPolicy(FAST).tokenProvider(() -> {
      if (calls.incrementAndGet() <= 2) {
        throw new IllegalStateException("token service down");
      }
      return "ok";
    }), recorder);
    assertThat(recorder.nextState("RECONNECTING")).contains("attempt 1");
    assertThat(recorder.nextState("RECONNECTING")).contains("attempt 2");
    assertThat(recorder.nextEvent()).isEqualTo("event null message in");
    assertThat(recorder.errors).hasSize(2).allMatch(e -> e instanceof SseConnectionException);
  }

  @Test
  void aTokenProviderThatThrowsAnErrorClosesTheClientWithTheCause() {
    start("/v1/sse", SseConfig.builder().reconnectPolicy(FAST).tokenProvider(() -> {
      throw new AssertionError("broken provider");
    }), recorder);
    assertThat(recorder.nextState("CLOSED")).startsWith("state CLOSED(FAILED");
    assertThat(client.state().error()).hasCauseInstanceOf(AssertionError.class);
    assertThat(recorder.errors).contains(client.state().error());
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ThreadingTest.sdkThreads()).as(ThreadingTest::sdkThreadStacks).isEmpty());
  }

  @Test
  void aTokenThatAHeaderCannotCarryIsReportedWithoutQuotingIt() {
    server.enqueue(SseStreams.open("data: in\n\n"));
    AtomicInteger calls = new AtomicInteger();
    start("/v1/sse", SseConfig.builder().reconnectPolicy(FAST)
        .tokenProvider(() -> calls.incrementAndGet() == 1 ? "SECRET\r\nX-Evil: 1" : "ok"), recorder);
    assertThat(recorder.nextEvent()).isEqualTo("event null message in");
    assertThat(recorder.errors.get(0).getMessage()).contains("token").doesNotContain("SECRET");
  }

  @Test
  void headerValuesHttpCannotCarryAreRefusedWhenTheConfigIsBuiltNamingTheHeaderButNotTheValue() {
    for (String bad : new String[] {"line\nbreak", "carriage\rreturn", "nul\0", "café", "tab\tis-fine-but-\u007f"}) {
      assertThatThrownBy(() -> SseConfig.builder().header("X-Secret", bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("X-Secret")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(bad));
    }
    for (String name : new String[] {"", "with space", "colon:", "ünïcode", "new\nline"}) {
      assertThatThrownBy(() -> SseConfig.builder().header(name, "v")).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(SseConfig.builder().header("X-Ok", "tab\tand spaces ~!").build().headers()).containsKey("X-Ok");
    assertThatThrownBy(() -> SseConfig.builder().initialLastEventId("1\r\nX-Evil: 1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initialLastEventId");
    assertThatThrownBy(() -> SseConfig.builder().clientId("me\nyou"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clientId");
  }

  /** A few header checks on a recorded request. */
  private static final class RecordedRequestAssert {
    private final mockwebserver3.RecordedRequest request;

    RecordedRequestAssert(mockwebserver3.RecordedRequest request) {
      this.request = request;
    }

    RecordedRequestAssert header(String name, String value) {
      assertThat(request.getHeaders().get(name)).as(name).isEqualTo(value);
      return this;
    }
  }
}
