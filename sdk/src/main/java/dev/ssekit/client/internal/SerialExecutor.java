package dev.ssekit.client.internal;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs tasks one at a time, in submission order, on any executor (so callbacks stay ordered even on a
 * multi-threaded executor the app supplied). If the executor rejects the drain, the tasks stay queued, the
 * rejection reaches the caller, and {@link #switchTo} can move the queue to another executor.
 */
final class SerialExecutor implements Executor {

  /** Guarded by this. */
  private Executor delegate;
  /** Guarded by this. */
  private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
  /** Guarded by this. */
  private boolean running;

  SerialExecutor(Executor delegate) {
    this.delegate = delegate;
  }

  /**
   * Queues the task.
   *
   * @throws RejectedExecutionException if the executor refused to run the queue (the task stays queued)
   */
  @Override
  public void execute(Runnable task) {
    Executor target;
    synchronized (this) {
      tasks.add(task);
      if (running) {
        return;
      }
      running = true;
      target = delegate;
    }
    start(target);
  }

  /** From now on runs the queue, including what is already in it, on {@code fallback}. */
  void switchTo(Executor fallback) {
    Executor target;
    synchronized (this) {
      delegate = fallback;
      if (running || tasks.isEmpty()) {
        return;
      }
      running = true;
      target = fallback;
    }
    start(target);
  }

  private void start(Executor target) {
    try {
      target.execute(this::drain);
    } catch (RuntimeException e) {
      synchronized (this) {
        running = false; // the tasks stay queued for switchTo
      }
      throw e instanceof RejectedExecutionException ? e : new RejectedExecutionException(e);
    }
  }

  private void drain() {
    while (true) {
      Runnable next;
      synchronized (this) {
        next = tasks.poll();
        if (next == null) {
          running = false;
          return;
        }
      }
      boolean ran = false;
      try {
        next.run();
        ran = true;
      } finally {
        if (!ran) {
          synchronized (this) {
            running = false; // the next execute() drains what is left
          }
        }
      }
    }
  }
}
