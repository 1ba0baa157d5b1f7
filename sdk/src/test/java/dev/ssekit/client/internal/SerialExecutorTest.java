package dev.ssekit.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {

  /** A real single thread that counts how often it was handed a task (each one may wake it). */
  private static final class CountingThread {
    final ExecutorService thread = Executors.newSingleThreadExecutor();
    final AtomicInteger handedOver = new AtomicInteger();

    SerialExecutor serial(long lingerNanos) {
      return new SerialExecutor(task -> {
        handedOver.incrementAndGet();
        thread.execute(task);
      }, lingerNanos);
    }
  }

  @Test
  void tasksQueuedWhileTheDrainLingersRunInOrderWithoutANewHandOver() throws Exception {
    CountingThread t = new CountingThread();
    SerialExecutor serial = t.serial(TimeUnit.SECONDS.toNanos(30));
    List<Integer> ran = new CopyOnWriteArrayList<>();
    List<Thread> on = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 1000; i++) {
      int n = i;
      serial.execute(() -> {
        ran.add(n);
        on.add(Thread.currentThread());
      });
      if (i == 0) {
        await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 1); // the queue ran dry: it lingers
      }
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 1000);
    for (int i = 0; i < 1000; i++) {
      assertThat(ran.get(i)).isEqualTo(i);
    }
    assertThat(t.handedOver.get()).isEqualTo(1);
    assertThat(on).containsOnly(on.get(0));
    t.thread.shutdownNow();
    assertThat(t.thread.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aLingeringDrainLetsGoOfItsThreadWhenNoTaskComes() throws Exception {
    CountingThread t = new CountingThread();
    SerialExecutor serial = t.serial(TimeUnit.MILLISECONDS.toNanos(1));
    CountDownLatch first = new CountDownLatch(1);
    serial.execute(first::countDown);
    assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
    t.thread.shutdown(); // the linger is bounded: the thread ends although nobody interrupts it
    assertThat(t.thread.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(t.handedOver.get()).isEqualTo(1);
  }

  @Test
  void aTaskAfterTheLingerEndedIsHandedOverAgainAndRuns() throws Exception {
    CountingThread t = new CountingThread();
    SerialExecutor serial = t.serial(TimeUnit.MILLISECONDS.toNanos(1));
    AtomicInteger ran = new AtomicInteger();
    AtomicInteger submitted = new AtomicInteger(1);
    serial.execute(ran::incrementAndGet);
    await().atMost(Duration.ofSeconds(10)).until(() -> ran.get() == 1);
    // once the drain let go, the next task must start a new one (not wait in a queue nobody drains)
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      submitted.incrementAndGet();
      serial.execute(ran::incrementAndGet);
      return t.handedOver.get() >= 2;
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> ran.get() == submitted.get());
    t.thread.shutdown();
    assertThat(t.thread.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }
}
