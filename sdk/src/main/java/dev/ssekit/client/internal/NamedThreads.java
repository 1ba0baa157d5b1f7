package dev.ssekit.client.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Daemon threads named {@code ssekit-sse-<role>-<n>}, so leaks are easy to see. */
final class NamedThreads implements ThreadFactory {

  private static final AtomicInteger CLIENTS = new AtomicInteger();

  private final String name;
  private final Runnable onEnd;

  NamedThreads(String role, int client) {
    this(role, client, null);
  }

  /** {@code onEnd} (may be null) runs on each thread as its last act. */
  NamedThreads(String role, int client, Runnable onEnd) {
    this.name = "ssekit-sse-" + role + "-" + client;
    this.onEnd = onEnd;
  }

  /**
   * A one-thread scheduler whose delayed tasks are dropped on shutdown (the JDK's default keeps them, which
   * would keep the thread alive until a far-off timer fires).
   */
  static ScheduledExecutorService scheduler(String role, int client, Runnable onThreadEnd) {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(1, new NamedThreads(role, client, onThreadEnd));
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }

  static int nextClientNumber() {
    return CLIENTS.incrementAndGet();
  }

  @Override
  public Thread newThread(final Runnable r) {
    Runnable body = onEnd == null ? r : () -> {
      try {
        r.run();
      } finally {
        onEnd.run();
      }
    };
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    return t;
  }
}
