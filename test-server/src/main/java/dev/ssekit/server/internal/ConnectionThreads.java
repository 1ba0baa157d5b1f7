package dev.ssekit.server.internal;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for connections. Each open stream holds one thread for its life, so on Java 21+ these are virtual
 * threads (found at run time; the build stays on Java 17); on Java 17 a pool of daemon platform threads
 * named {@code ssekit-conn-N}.
 */
public final class ConnectionThreads {

  private ConnectionThreads() {}

  /** Whether this JVM offers virtual threads. */
  public static boolean virtualThreadsAvailable() {
    return virtualFactory() != null;
  }

  /** A new executor: virtual threads when asked for and available, else the platform pool. */
  public static ExecutorService create(boolean preferVirtual) {
    if (preferVirtual) {
      Method factory = virtualFactory();
      if (factory != null) {
        try {
          return (ExecutorService) factory.invoke(null);
        } catch (ReflectiveOperationException e) {
          // fall through to platform threads
        }
      }
    }
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
      Thread t = new Thread(null, r, "ssekit-conn-" + n.incrementAndGet(), 256 * 1024);
      t.setDaemon(true);
      return t;
    });
  }

  private static Method virtualFactory() {
    try {
      return Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
    } catch (NoSuchMethodException e) {
      return null;
    }
  }
}
