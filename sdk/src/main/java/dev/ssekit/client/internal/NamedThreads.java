package dev.ssekit.client.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Daemon threads named {@code ssekit-sse-<role>-<n>}, so leaks are easy to see. */
final class NamedThreads implements ThreadFactory {

  private static final AtomicInteger CLIENTS = new AtomicInteger();

  private final String name;

  NamedThreads(String role, int client) {
    this.name = "ssekit-sse-" + role + "-" + client;
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
