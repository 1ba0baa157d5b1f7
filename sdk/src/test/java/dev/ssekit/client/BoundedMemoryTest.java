package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ssekit.client.support.RawServer;
import java.io.FileWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 18, item 1: whatever a server sends, the client's heap stays bounded. Runs in its own JVM with
 * {@code -Xmx96m} (the {@code bounded-heap} surefire execution); each hostile stream sends several times that
 * heap. The retained heap (after GC) while the hostile stream is still open is written to
 * {@code target/bounded-memory.txt}.
 */
class BoundedMemoryTest {

  private static final long MB = 1024 * 1024;
  private static final StringBuilder report = new StringBuilder();

  @BeforeAll
  static void onlyWithABoundedHeap() {
    assumeTrue(Runtime.getRuntime().maxMemory() <= 100 * MB, "run by the bounded-heap execution (-Xmx96m)");
  }

  @AfterAll
  static void writeReport() throws IOException {
    try (PrintWriter out = new PrintWriter(new FileWriter("target/bounded-memory.txt", StandardCharsets.UTF_8))) {
      out.print(report);
    }
  }

  /** Heap in use after garbage collection. */
  private static long retainedHeap() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  private static void record(String input, long sentBytes, long retained) {
    String line = String.format("%-80s sent %5d MB, retained heap %5.1f MB (max %d MB)%n", input, sentBytes / MB,
        retained / (double) MB, Runtime.getRuntime().maxMemory() / MB);
    System.out.print(line);
    report.append(line);
  }

  /** A server that sends its head, then {@code chunk} over and over, up to {@code total} bytes, and holds on. */
  private static RawServer hostile(byte[] prefix, byte[] chunk, long total, AtomicLong sent) throws IOException {
    return new RawServer((request, out) -> {
      RawServer.streamHead(out);
      out.write(prefix);
      sent.addAndGet(prefix.length);
      while (sent.get() < total) {
        out.write(chunk);
        sent.addAndGet(chunk.length);
      }
      out.flush();
      request.awaitClientClose();
      return false;
    });
  }

  private static byte[] repeat(String s, int times) {
    StringBuilder sb = new StringBuilder(s.length() * times);
    for (int i = 0; i < times; i++) {
      sb.append(s);
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Counts without keeping anything, optionally blocking in its first callback. */
  private static final class Counting implements SseListener {
    final AtomicInteger events = new AtomicInteger();
    final List<SseException> errors = new CopyOnWriteArrayList<>();
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch blocked = new CountDownLatch(1);
    final boolean block;

    Counting(boolean block) {
      this.block = block;
    }

    private void maybeBlock() {
      if (block) {
        blocked.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    @Override
    public void onEvent(SseEvent event) {
      events.incrementAndGet();
      maybeBlock();
    }

    @Override
    public void onComment(String comment) {
      maybeBlock();
    }

    @Override
    public void onError(SseException error) {
      if (errors.size() < 100) {
        errors.add(error);
      }
    }
  }

  private static SseClient client(RawServer server, SseListener listener) {
    return client(server, listener, null);
  }

  private static SseClient client(RawServer server, SseListener listener, Executor callbacks) {
    return SseClient.builder(server.url("/stream"))
        .config(SseConfig.builder().ackPolicy(AckPolicy.disabled()).callbackExecutor(callbacks).build())
        .listener(listener).build();
  }

  /**
   * Whether the client's reader thread is held by the app (reading paused): parked for room in the hand-off to
   * the callback executor, or running the blocked callback itself (the default).
   */
  private static boolean readerWaitsForTheApp() {
    for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
      if (e.getKey().getName().startsWith("ssekit-sse-reader-")) {
        for (StackTraceElement frame : e.getValue()) {
          if (frame.getClassName().endsWith("internal.Delivery") && frame.getMethodName().equals("take")
              || frame.getClassName().endsWith("BoundedMemoryTest$Counting")
              && frame.getMethodName().equals("maybeBlock")) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** The callback executor of a case: none (callbacks on the reader thread), or one SDK-independent thread. */
  private static ExecutorService callbacks(String where) {
    return where.startsWith("an") ? Executors.newSingleThreadExecutor() : null;
  }

  @Test
  void aLineThatNeverEndsIsSkippedAndReportedWithoutGrowingTheHeap() throws Exception {
    AtomicLong sent = new AtomicLong();
    long total = 256 * MB;
    Counting app = new Counting(false);
    try (RawServer server = hostile("data: ".getBytes(StandardCharsets.US_ASCII), repeat("x", 64 * 1024), total, sent);
        SseClient client = client(server, app)) {
      client.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> sent.get() >= total);
      record("a line that never ends (no line end at all)", sent.get(), retainedHeap());
      assertThat(app.errors).filteredOn(e -> e instanceof SseProtocolException).hasSize(1);
      assertThat(client.state().kind()).isNotEqualTo(ConnectionState.Kind.CLOSED);
      assertThat(retainedHeap()).isLessThan(40 * MB);
    }
  }

  @Test
  void dataLinesNeverClosedByABlankLineAreSkippedWithoutGrowingTheHeap() throws Exception {
    AtomicLong sent = new AtomicLong();
    long total = 256 * MB;
    Counting app = new Counting(false);
    try (RawServer server = hostile(new byte[0], repeat("data: 0123456789abcdef0123456789abcdef\n", 1024), total, sent);
        SseClient client = client(server, app)) {
      client.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> sent.get() >= total);
      record("data: lines never closed by a blank line", sent.get(), retainedHeap());
      assertThat(app.errors).filteredOn(e -> e instanceof SseProtocolException).hasSize(1);
      assertThat(retainedHeap()).isLessThan(40 * MB);
    }
  }

  @ParameterizedTest(name = "callbacks on {0}")
  @ValueSource(strings = {"the reader thread (default)", "an executor"})
  void commentsWhileTheListenerBlocksPauseReadingInsteadOfGrowingTheHeap(String where) throws Exception {
    AtomicLong sent = new AtomicLong();
    Counting app = new Counting(true);
    ExecutorService executor = callbacks(where);
    try (RawServer server = hostile(new byte[0], repeat(": keep-alive comment of some length\n", 1024), 1024 * MB, sent);
        SseClient client = client(server, app, executor)) {
      client.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> app.blocked.getCount() == 0);
      await().atMost(Duration.ofSeconds(60)).until(BoundedMemoryTest::readerWaitsForTheApp);
      record("comments while the listener blocks, callbacks on " + where, sent.get(), retainedHeap());
      assertThat(retainedHeap()).isLessThan(40 * MB);
    } finally {
      app.release.countDown();
      if (executor != null) {
        executor.shutdown();
      }
    }
  }

  @ParameterizedTest(name = "callbacks on {0}")
  @ValueSource(strings = {"the reader thread (default)", "an executor"})
  void largeEventsWhileTheListenerBlocksAreBoundedByBytesNotOnlyByCount(String where) throws Exception {
    AtomicLong sent = new AtomicLong();
    byte[] event = ("data: " + new String(repeat("y", 100 * 1024), StandardCharsets.US_ASCII) + "\n\n")
        .getBytes(StandardCharsets.US_ASCII);
    Counting app = new Counting(true);
    ExecutorService executor = callbacks(where);
    try (RawServer server = hostile(new byte[0], event, 1024 * MB, sent);
        SseClient client = client(server, app, executor)) {
      client.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> app.blocked.getCount() == 0);
      await().atMost(Duration.ofSeconds(60)).until(BoundedMemoryTest::readerWaitsForTheApp);
      record("100 KB events while the listener blocks, callbacks on " + where, sent.get(), retainedHeap());
      assertThat(retainedHeap()).isLessThan(40 * MB);
    } finally {
      app.release.countDown();
      if (executor != null) {
        executor.shutdown();
      }
    }
  }

  @Test
  void longIdsWithAFastListenerDoNotFillTheHeapThroughTheDuplicateFilter() throws Exception {
    AtomicLong sent = new AtomicLong();
    long total = 320 * MB;
    String id = new String(repeat("i", 64 * 1024), StandardCharsets.US_ASCII);
    Counting app = new Counting(false);
    AtomicInteger n = new AtomicInteger();
    try (RawServer server = new RawServer((request, out) -> {
      RawServer.streamHead(out);
      while (sent.get() < total) {
        byte[] e = ("id: " + id + n.incrementAndGet() + "\ndata: " + n.get() + "\n\n").getBytes(StandardCharsets.US_ASCII);
        out.write(e);
        sent.addAndGet(e.length);
      }
      out.flush();
      request.awaitClientClose();
      return false;
    }); SseClient client = client(server, app)) {
      client.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> sent.get() >= total && app.events.get() == n.get());
      record("64 KB ids, fast listener", sent.get(), retainedHeap());
      assertThat(retainedHeap()).isLessThan(40 * MB);
    }
  }
}
