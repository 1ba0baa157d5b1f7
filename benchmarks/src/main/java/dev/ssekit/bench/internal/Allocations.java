package dev.ssekit.bench.internal;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * Bytes allocated, and CPU time used, by the threads of this JVM, minus the hub's own threads, so an
 * in-process measurement counts the client's work only. Threads that end between two readings are not counted; the clients
 * measured here keep theirs until they are closed, after the second reading.
 */
public final class Allocations {

  private Allocations() {}

  private static boolean isHub(String name) {
    return name.startsWith("ssekit-conn-") || name.startsWith("ssekit-hub-") || name.equals("HTTP-Dispatcher");
  }

  /** Allocated bytes per live non-hub thread id. */
  public static Map<Long, Long> snapshot() {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    return perThread(mx::getThreadAllocatedBytes);
  }

  /** CPU nanoseconds used so far per live non-hub thread id. */
  public static Map<Long, Long> cpuSnapshot() {
    return perThread(ManagementFactory.getThreadMXBean()::getThreadCpuTime);
  }

  private static Map<Long, Long> perThread(java.util.function.LongUnaryOperator reading) {
    Map<Long, Long> out = new HashMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (!isHub(t.getName())) {
        long value = reading.applyAsLong(t.getId());
        if (value >= 0) {
          out.put(t.getId(), value);
        }
      }
    }
    return out;
  }

  /** What the threads alive at the second snapshot added between the two (bytes, or CPU nanoseconds). */
  public static long between(Map<Long, Long> before, Map<Long, Long> after) {
    long total = 0;
    for (Map.Entry<Long, Long> e : after.entrySet()) {
      total += e.getValue() - before.getOrDefault(e.getKey(), 0L);
    }
    return total;
  }
}
