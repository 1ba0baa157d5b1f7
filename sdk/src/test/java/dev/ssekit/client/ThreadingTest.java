package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssekit.client.support.Recorder;
import dev.ssekit.client.support.SseStreams;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** Issue rule 8: which threads run what, and what is left after close. */
class ThreadingTest {

  @StartStop
  final MockWebServer server = new MockWebServer();

  private static String events(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      sb.append("id: ").append(i).append("\ndata: ").append(i).append("\n\n");
    }
    return sb.toString();
  }

  private SseClient client(SseConfig.Builder config, SseListener listener) {
    return SseClient.builder(server.url("/v1/sse").toString())
        .config(config.ackPolicy(AckPolicy.disabled()).build())
        .listener(listener)
        .build();
  }

  static List<String> sdkThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(n -> n.startsWith("ssekit-sse-")).sorted().collect(Collectors.toList());
  }

  /** Where each live SDK thread is, for a failure message. */
  static String sdkThreadStacks() {
    StringBuilder sb = new StringBuilder("SDK threads still alive:");
    Thread.getAllStackTraces().forEach((thread, stack) -> {
      if (thread.isAlive() && thread.getName().startsWith("ssekit-sse-")) {
        sb.append('\n').append(thread.getName()).append(" (").append(thread.getState()).append(')');
        for (StackTraceElement frame : stack) {
          sb.append("\n    at ").append(frame);
        }
      }
    });
    return sb.toString();
  }

  @Test
  void callbacksRunOnTheAppsExecutorInOrderAndItIsNeverShutDown() {
    server.enqueue(SseStreams.open(events(200)));
    AtomicInteger n = new AtomicInteger();
    ExecutorService app = Executors.newFixedThreadPool(4, r -> new Thread(r, "app-" + n.incrementAndGet()));
    Recorder recorder = new Recorder();
    SseClient client = client(SseConfig.builder().callbackExecutor(app), recorder);
    client.start();
    for (int i = 1; i <= 200; i++) {
      assertThat(recorder.nextEvent()).isEqualTo("event " + i + " message " + i);
    }
    client.close();
    recorder.nextState("CLOSED");
    assertThat(recorder.threads).allMatch(t -> t.startsWith("app-"));
    assertThat(app.isShutdown()).isFalse();
    app.shutdown();
  }

  @Test
  void byDefaultTheStreamsCallbacksRunOnTheReaderThreadAndStartAndCloseOnesOnTheCallersThread() {
    server.enqueue(SseStreams.open(events(3)));
    Recorder recorder = new Recorder();
    SseClient client = client(SseConfig.builder(), recorder);
    client.start();
    recorder.next(l -> l.startsWith("event 3"));
    String caller = Thread.currentThread().getName();
    assertThat(recorder.threads.get(0)).as("CONNECTING, from start()").isEqualTo(caller);
    assertThat(recorder.threads.subList(1, recorder.threads.size()).stream().distinct()
        .collect(Collectors.toList())).singleElement().asString().startsWith("ssekit-sse-reader-");
    await().atMost(Duration.ofSeconds(10)).until(ThreadingTest::readerWaitsForTheNetwork);
    int before = recorder.threads.size();
    client.close(); // no callback is running: CLOSED is delivered before close() returns
    assertThat(recorder.threads).hasSize(before + 1).last().isEqualTo(caller);
    assertThat(recorder.nextState("CLOSED")).isEqualTo("state CLOSED(CLOSED_BY_CALLER)");
  }

  @Test
  void closeFromInsideACallbackEndsCleanly() {
    server.enqueue(SseStreams.open(events(5)));
    List<SseClient> self = new ArrayList<>();
    Recorder recorder = new Recorder() {
      @Override
      public void onEvent(SseEvent event) {
        super.onEvent(event);
        if (event.id().equals("2")) {
          self.get(0).close();
        }
      }
    };
    SseClient client = client(SseConfig.builder(), recorder);
    self.add(client);
    client.start();
    assertThat(recorder.nextState("CLOSED")).isEqualTo("state CLOSED(CLOSED_BY_CALLER)");
    assertThat(recorder.drain()).noneMatch(l -> l.startsWith("event 3"));
  }

  /** The reader thread is reading the socket, with no callback or hand-off in progress. */
  private static boolean readerWaitsForTheNetwork() {
    for (java.util.Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
      if (e.getKey().getName().startsWith("ssekit-sse-reader-")) {
        boolean filling = false;
        for (StackTraceElement frame : e.getValue()) {
          if (frame.getClassName().endsWith("internal.Delivery")) {
            return false;
          }
          filling |= frame.getClassName().endsWith("internal.EventStreamParser") && frame.getMethodName().equals("fill");
        }
        return filling;
      }
    }
    return false;
  }

  @Test
  void closeFromInsideACallbackOnTheReaderThreadDoesNotInterruptThatCallback() throws Exception {
    server.enqueue(SseStreams.open(events(5)));
    List<SseClient> self = new ArrayList<>();
    AtomicBoolean interrupted = new AtomicBoolean(true);
    CountDownLatch returned = new CountDownLatch(1);
    Recorder recorder = new Recorder() {
      @Override
      public void onEvent(SseEvent event) {
        super.onEvent(event);
        if (event.id().equals("2")) {
          self.get(0).close();
          interrupted.set(Thread.currentThread().isInterrupted());
          returned.countDown();
        }
      }
    };
    SseClient client = client(SseConfig.builder(), recorder);
    self.add(client);
    client.start();
    assertThat(recorder.nextState("CLOSED")).isEqualTo("state CLOSED(CLOSED_BY_CALLER)");
    assertThat(returned.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(interrupted.get()).as("the callback's thread was interrupted").isFalse();
    assertThat(recorder.drain()).noneMatch(l -> l.startsWith("event 3"));
  }

  @Test
  void closeFromAnotherThreadWhileACallbackRunsOnTheReaderDoesNotInterruptItAndLeavesNoThread()
      throws Exception {
    server.enqueue(SseStreams.open(events(5)));
    CountDownLatch inCallback = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean(true);
    Recorder recorder = new Recorder() {
      @Override
      public void onEvent(SseEvent event) {
        super.onEvent(event);
        if (event.id().equals("1")) {
          inCallback.countDown();
          try {
            closed.await(); // the app's work, still running when close() comes from another thread
            interrupted.set(false);
          } catch (InterruptedException e) {
            interrupted.set(true);
          }
        }
      }
    };
    SseClient client = client(SseConfig.builder(), recorder);
    client.start();
    assertThat(inCallback.await(10, TimeUnit.SECONDS)).isTrue();
    client.close();
    closed.countDown();
    assertThat(recorder.nextState("CLOSED")).isEqualTo("state CLOSED(CLOSED_BY_CALLER)");
    assertThat(interrupted.get()).as("the callback was interrupted").isFalse();
    assertThat(recorder.drain()).noneMatch(l -> l.startsWith("event 2"));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(
        () -> assertThat(sdkThreads()).as(ThreadingTest::sdkThreadStacks).isEmpty());
  }

  @Test
  void closeIsIdempotentAndTheClosedStateComesOnce() {
    server.enqueue(SseStreams.open(events(1)));
    Recorder recorder = new Recorder();
    SseClient client = client(SseConfig.builder(), recorder);
    client.start();
    recorder.nextEvent();
    client.close();
    client.close();
    recorder.nextState("CLOSED");
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(sdkThreads()).as(ThreadingTest::sdkThreadStacks).isEmpty());
    assertThat(recorder.states).filteredOn(s -> s.kind() == ConnectionState.Kind.CLOSED).hasSize(1);
  }

  @Test
  void noSdkThreadRemainsAfterClose() {
    server.enqueue(SseStreams.open(events(10)));
    Recorder recorder = new Recorder();
    SseClient client = client(SseConfig.builder().ackPolicy(AckPolicy.batched(2, 10)), recorder);
    client.start();
    recorder.next(l -> l.startsWith("event 10"));
    assertThat(sdkThreads()).isNotEmpty();
    client.close();
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(sdkThreads()).as(ThreadingTest::sdkThreadStacks).isEmpty());
  }

  @Test
  void streamsDoNotHoldTheDispatchersPerHostSlots() throws Exception {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequestsPerHost(1);
    OkHttpClient shared = new OkHttpClient.Builder().dispatcher(dispatcher).build();
    server.enqueue(SseStreams.open(events(1)));
    server.enqueue(SseStreams.open(events(1)));
    server.enqueue(new MockResponse.Builder().body("app call").build());
    Recorder a = new Recorder();
    Recorder b = new Recorder();
    SseClient first = SseClient.builder(server.url("/v1/sse").toString()).okHttpClient(shared)
        .config(SseConfig.builder().ackPolicy(AckPolicy.disabled()).build()).listener(a).build();
    SseClient second = SseClient.builder(server.url("/v1/sse").toString()).okHttpClient(shared)
        .config(SseConfig.builder().ackPolicy(AckPolicy.disabled()).build()).listener(b).build();
    first.start();
    second.start();
    a.nextEvent();
    b.nextEvent();
    CompletableFuture<String> appCall = new CompletableFuture<>();
    shared.newCall(new Request.Builder().url(server.url("/api")).build()).enqueue(new Callback() {
      @Override
      public void onFailure(Call call, IOException e) {
        appCall.completeExceptionally(e);
      }

      @Override
      public void onResponse(Call call, Response response) throws IOException {
        appCall.complete(response.body().string());
      }
    });
    assertThat(appCall.get(5, TimeUnit.SECONDS)).isEqualTo("app call");
    first.close();
    second.close();
    shared.dispatcher().executorService().shutdown();
  }
}
