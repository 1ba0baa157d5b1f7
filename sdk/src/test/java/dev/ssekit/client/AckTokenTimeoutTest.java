package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssekit.client.support.RawServer;
import dev.ssekit.client.support.Recorder;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, item 4: the {@code tokenTimeout} bounds a {@code TokenProvider} call on the ack thread too. An ack
 * refused with 401 asks for a fresh token; a provider that then never answers is reported, later acks still go,
 * and {@code close()} leaves no SDK thread.
 */
class AckTokenTimeoutTest {

  private static void write(OutputStream out, String s) throws java.io.IOException {
    out.write(s.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Test
  void aTokenProviderThatNeverAnswersAnAcksRefreshIsReportedAndLaterAcksStillGoAndCloseLeavesNoThread()
      throws Exception {
    CountDownLatch secondEvent = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    AtomicInteger refreshes = new AtomicInteger();
    AtomicBoolean fresh = new AtomicBoolean();
    Recorder app = new Recorder();
    try (RawServer server = new RawServer((request, out) -> {
      if (request.path.startsWith("/v1/sse/ack")) {
        int code = "Bearer fresh".equals(request.header("Authorization")) ? 200 : 401;
        write(out, "HTTP/1.1 " + code + " X\r\nContent-Length: 0\r\n\r\n");
        return true;
      }
      RawServer.streamHead(out);
      write(out, "event: connected\ndata: {\"client_id\":\"c-1\"}\n\nid: 1\ndata: a\n\n");
      secondEvent.await();
      write(out, "id: 2\ndata: b\n\n");
      request.awaitClientClose();
      return false;
    })) {
      SseClient client = SseClient.builder(server.url("/v1/sse")).config(SseConfig.builder()
          .tokenTimeout(Duration.ofMillis(300)).tokenProvider(new TokenProvider() {
            @Override
            public String token() {
              return fresh.get() ? "fresh" : "old";
            }

            @Override
            public String refreshToken() throws Exception {
              if (refreshes.incrementAndGet() == 1) {
                never.await(); // never answers: only the timeout ends this call
              }
              fresh.set(true);
              return "fresh";
            }
          }).ackPolicy(AckPolicy.batched(1, 10)).build()).listener(app).build();
      try {
        client.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> "1".equals(client.lastAckedId()));
        assertThat(app.errors).filteredOn(e -> e.getMessage().contains("token provider")).hasSize(1);
        secondEvent.countDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> "2".equals(client.lastAckedId()));
      } finally {
        secondEvent.countDown();
        client.close();
      }
      await().atMost(Duration.ofSeconds(5)).untilAsserted(
          () -> assertThat(ThreadingTest.sdkThreads()).as(ThreadingTest::sdkThreadStacks).isEmpty());
    }
  }

  /**
   * A provider that hangs when an ack asks it (the default {@code tokenTimeout} of 30 s): {@code close()} still
   * abandons it, and the final ack is bounded by its 2 s, so no SDK thread outlives them.
   */
  @Test
  void aTokenProviderHangingOnTheAckThreadAtCloseIsAbandonedAndNoSdkThreadOutlivesTheFinalAcksBound()
      throws Exception {
    CountDownLatch asked = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    Recorder app = new Recorder();
    try (RawServer server = new RawServer((request, out) -> {
      if (request.path.startsWith("/v1/sse/ack")) {
        write(out, "HTTP/1.1 204 X\r\nContent-Length: 0\r\n\r\n");
        return true;
      }
      RawServer.streamHead(out);
      write(out, "event: connected\ndata: {\"client_id\":\"c-1\"}\n\nid: 1\ndata: a\n\n");
      request.awaitClientClose();
      return false;
    })) {
      SseClient client = SseClient.builder(server.url("/v1/sse")).config(SseConfig.builder()
          .tokenProvider(() -> {
            if (calls.incrementAndGet() == 1) {
              return "t"; // the stream's connect
            }
            asked.countDown();
            never.await(); // an ack's: never answers
            return "late";
          }).ackPolicy(AckPolicy.batched(1, 10)).build()).listener(app).build();
      try {
        client.start();
        assertThat(asked.await(20, TimeUnit.SECONDS)).as("an ack asked the provider").isTrue();
      } finally {
        client.close();
      }
      long closed = System.nanoTime();
      await().atMost(Duration.ofSeconds(10)).untilAsserted(
          () -> assertThat(ThreadingTest.sdkThreads()).as(ThreadingTest::sdkThreadStacks).isEmpty());
      assertThat(Duration.ofNanos(System.nanoTime() - closed)).as("SDK threads ended within the final ack's 2 s")
          .isLessThan(Duration.ofMillis(2_000 + 1_500));
    }
  }
}
