package dev.ssekit.client.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Daemon threads named {@code ssekit-sse-<role>-<n>}, so leaks are easy to see. */
final class NamedThreads implements ThreadFactory {

  private static final AtomicInteger CLIENTS = new AtomicInteger();

  private final String name;

  NamedThreads(String role, int client) {
    this.name = "ssekit-sse-" + role + "-" + client;
  }

  /**
   * A one-thread scheduler whose delayed tasks are dropped on shutdown (the JDK's default keeps them, which
   * would keep the thread alive until a far-off timer fires).
   */
  static ScheduledExecutorService scheduler(String role, int client) {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, new NamedThreads(role, client));
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }

  static int nextClientNumber() {
    return CLIENTS.incrementAndGet();
  }

  @Override
  public Thread newThread(Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
