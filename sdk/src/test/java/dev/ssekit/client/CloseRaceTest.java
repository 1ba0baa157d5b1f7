package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.client.support.RawServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link SseListener}: "{@code close()} ... never interrupts a callback that is running". Here {@code close()}
 * comes from another thread at a random moment while the reader alternates between reading and running fast
 * callbacks, so it lands in every gap between the two. Found by an outside attack: about one round in a hundred,
 * {@code close()} saw no callback running and interrupted the reader just before it started one.
 */
class CloseRaceTest {

  private static final int ROUNDS = 300;

  @Test
  void closeFromAnotherThreadAtAnyMomentNeverLeavesACallbackInterrupted() throws Exception {
    byte[] chunk = "data: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n\n".repeat(200).getBytes(StandardCharsets.US_ASCII);
    List<String> problems = new CopyOnWriteArrayList<>();
    List<AtomicInteger> closedCounts = new ArrayList<>();
    Random random = new Random(19);
    try (RawServer server = new RawServer((request, out) -> {
      RawServer.streamHead(out);
      try {
        while (true) {
          out.write(chunk);
          out.flush();
        }
      } catch (IOException gone) {
        return false;
      }
    })) {
      for (int round = 0; round < ROUNDS && problems.isEmpty(); round++) {
        CountDownLatch firstEvent = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        AtomicInteger closedCount = new AtomicInteger();
        closedCounts.add(closedCount);
        int r = round;
        SseListener listener = new SseListener() {
          @Override
          public void onEvent(SseEvent event) {
            if (Thread.currentThread().isInterrupted()) {
              problems.add("round " + r + ": onEvent ran interrupted");
            }
            firstEvent.countDown();
          }

          @Override
          public void onStateChange(ConnectionState state) {
            if (state.isClosed()) {
              if (Thread.currentThread().isInterrupted()) {
                problems.add("round " + r + ": onStateChange(CLOSED) ran interrupted");
              }
              closedCount.incrementAndGet();
              closed.countDown();
            }
          }
        };
        SseClient client = SseClient.builder(server.url("/v1/sse")).ackPolicy(AckPolicy.disabled())
            .listener(listener).build();
        client.start();
        assertThat(firstEvent.await(10, TimeUnit.SECONDS)).as("round %s: first event", round).isTrue();
        long until = System.nanoTime() + random.nextInt(2_000_000); // close lands anywhere in the next 2 ms
        while (System.nanoTime() < until) {
          Thread.onSpinWait();
        }
        client.close();
        assertThat(closed.await(10, TimeUnit.SECONDS)).as("round %s: CLOSED", round).isTrue();
      }
    }
    assertThat(problems).isEmpty();
    assertThat(closedCounts).allSatisfy(c -> assertThat(c.get()).as("CLOSED once per client").isEqualTo(1));
  }
}
