package dev.ssekit.server.support;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;

/**
 * Counts live instances of a class through the JVM's own class histogram (the {@code GC.class_histogram}
 * diagnostic command, the same as {@code jcmd <pid> GC.class_histogram}); it runs a full GC first, so only
 * reachable objects count. Works on Java 17 and later with no {@code --add-opens}.
 */
public final class HeapCount {

  private HeapCount() {}

  /** Live instances of the class with this exact binary name. */
  public static long liveInstances(String className) {
    String histogram;
    try {
      histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
          new Object[] {new String[0]}, new String[] {String[].class.getName()});
    } catch (Exception e) {
      throw new AssertionError("could not take a class histogram", e);
    }
    for (String line : histogram.split("\n")) {
      String[] cols = line.trim().split("\\s+");
      // "  num:  #instances  #bytes  class name (module)"
      if (cols.length >= 4 && cols[3].equals(className)) {
        return Long.parseLong(cols[1]);
      }
    }
    return 0;
  }

  /** Live {@code sun.net.httpserver.HttpConnection} objects: one per connection the JDK server still holds. */
  public static long httpConnections() {
    return liveInstances("sun.net.httpserver.HttpConnection");
  }
}
