package dev.ssekit.server.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's one timer thread ({@code ssekit-hub-sweeper}): runs every chore at a fixed delay, off the request
 * path. A chore that throws is logged and runs again next time; nothing kills the thread.
 */
final class Housekeeping {

  private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

  private final ScheduledExecutorService timer;
  private final List<Runnable> chores = new CopyOnWriteArrayList<>();

  Housekeeping(long periodMillis) {
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ssekit-hub-sweeper");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(this::runChores, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  /** Adds a chore to every round. */
  void add(Runnable chore) {
    chores.add(chore);
  }

  private void runChores() {
    for (Runnable chore : chores) {
      try {
        chore.run();
      } catch (Throwable t) {
        LOG.warn("housekeeping chore failed; it runs again next round", t);
      }
    }
  }

  /**
   * Runs one round of every chore now, on the housekeeping thread (so never beside a scheduled round), and
   * waits for it: for tests and tools that must know a sweep has happened.
   *
   * @throws IllegalStateException if the hub is stopped
   */
  void runNow() {
    java.util.concurrent.Future<?> round;
    try {
      round = timer.submit(this::runChores);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      throw new IllegalStateException("hub is stopped");
    }
    try {
      round.get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while housekeeping ran");
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("housekeeping round failed", e);
    }
  }

  /** Ends the timer thread, waiting up to a second. */
  void stop() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
