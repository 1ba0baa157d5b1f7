package dev.ssekit.client.internal;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * Runs tasks one at a time, in submission order, on any executor (so callbacks stay ordered even on a
 * multi-threaded executor the app supplied).
 */
final class SerialExecutor implements Executor {

  private final Executor delegate;
  /** Guarded by this. */
  private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
  /** Guarded by this. */
  private boolean running;

  SerialExecutor(Executor delegate) {
    this.delegate = delegate;
  }

  @Override
  public void execute(Runnable task) {
    synchronized (this) {
      tasks.add(task);
      if (running) {
        return;
      }
      running = true;
    }
    delegate.execute(this::drain);
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
      next.run();
    }
  }
}
