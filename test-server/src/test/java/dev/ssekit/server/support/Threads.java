package dev.ssekit.server.support;

import java.util.List;
import java.util.stream.Collectors;

/** Finds threads the hub and its server create, to prove none outlives close(). */
public final class Threads {

  private Threads() {}

  public static List<String> hubThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith("ssekit-") || n.equals("HTTP-Dispatcher") || n.startsWith("server-timer"))
        .sorted()
        .collect(Collectors.toList());
  }
}
