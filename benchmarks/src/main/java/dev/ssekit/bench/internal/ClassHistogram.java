package dev.ssekit.bench.internal;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A live-object class histogram of another JVM ({@code jcmd <pid> GC.class_histogram}, which runs a full GC
 * first), and the difference between two of them per stream: where the heap of an idle stream goes, by class
 * and by owner (the hub's own classes, the JDK HTTP server, the thread, the socket, plain arrays).
 */
public final class ClassHistogram {

  /** Instances and bytes of one class. */
  static final class Entry {
    long instances;
    long bytes;
  }

  private final Map<String, Entry> classes;

  private ClassHistogram(Map<String, Entry> classes) {
    this.classes = classes;
  }

  /** Takes a histogram of process {@code pid} with the {@code jcmd} next to {@code java}. */
  public static ClassHistogram of(String java, long pid) throws IOException, InterruptedException {
    File jcmd = new File(new File(java).getParentFile(), "jcmd");
    Process p = new ProcessBuilder(jcmd.getPath(), Long.toString(pid), "GC.class_histogram")
        .redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        lines.add(line);
      }
    }
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("jcmd GC.class_histogram failed: " + String.join(" / ", lines));
    }
    return parse(lines);
  }

  /** Reads {@code jcmd}'s lines: {@code "  1:  14718  1294808  [B (java.base@17)"}. */
  static ClassHistogram parse(List<String> lines) {
    Map<String, Entry> classes = new HashMap<>();
    for (String line : lines) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 4 || !f[0].endsWith(":") || !f[0].substring(0, f[0].length() - 1).chars()
          .allMatch(Character::isDigit)) {
        continue;
      }
      Entry e = classes.computeIfAbsent(readable(f[3]), k -> new Entry());
      e.instances += Long.parseLong(f[1]);
      e.bytes += Long.parseLong(f[2]);
    }
    return new ClassHistogram(classes);
  }

  private static String readable(String jvmName) {
    switch (jvmName) {
      case "[B":
        return "byte[]";
      case "[C":
        return "char[]";
      case "[I":
        return "int[]";
      case "[J":
        return "long[]";
      default:
        if (jvmName.startsWith("[L") && jvmName.endsWith(";")) {
          return jvmName.substring(2, jvmName.length() - 1) + "[]";
        }
        return jvmName;
    }
  }

  /** This histogram minus an earlier one, divided by the streams held in between. */
  public Diff minus(ClassHistogram before, int streams) {
    Map<String, double[]> perStream = new HashMap<>();
    for (Map.Entry<String, Entry> e : classes.entrySet()) {
      Entry b = before.classes.getOrDefault(e.getKey(), new Entry());
      double instances = (e.getValue().instances - b.instances) / (double) streams;
      double bytes = (e.getValue().bytes - b.bytes) / (double) streams;
      perStream.put(e.getKey(), new double[] {instances, bytes});
    }
    return new Diff(perStream, streams);
  }

  /** The owner a class is counted under. */
  static String owner(String className) {
    if (className.startsWith("dev.ssekit.")) {
      return "the server's own classes (dev.ssekit.*)";
    }
    if (className.startsWith("com.fasterxml.jackson.")) {
      return "Jackson objects (the hub's JSON; its buffers are char[])";
    }
    if (className.startsWith("sun.net.httpserver.") || className.startsWith("com.sun.net.httpserver.")) {
      return "JDK HTTP server objects (sun.net.httpserver.*)";
    }
    if (className.startsWith("java.lang.VirtualThread") || className.startsWith("jdk.internal.vm.")
        || className.startsWith("java.lang.Thread")) {
      return "connection thread (Thread, VirtualThread, StackChunk)";
    }
    if (className.startsWith("sun.nio.ch.") || className.startsWith("java.net.")
        || className.startsWith("java.nio.")) {
      return "socket and NIO (sun.nio.ch.*, java.net.*, java.nio.*)";
    }
    if (className.equals("byte[]") || className.equals("char[]")) {
      return "byte[] and char[] (buffers; a histogram cannot name their owner)";
    }
    return "other (String, maps, locks, ...)";
  }

  /** Heap per stream by class and by owner. */
  public static final class Diff {
    private final Map<String, double[]> perStream;
    private final int streams;

    Diff(Map<String, double[]> perStream, int streams) {
      this.perStream = perStream;
      this.streams = streams;
    }

    /** Bytes per stream of one class (0 if it did not grow). */
    public double bytesPerStream(String className) {
      double[] v = perStream.get(className);
      return v == null ? 0 : v[1];
    }

    /** Two Markdown tables: bytes per stream by owner, and the classes that grew most. */
    public String markdown(int topClasses) {
      Map<String, Double> owners = new LinkedHashMap<>();
      double total = 0;
      for (Map.Entry<String, double[]> e : perStream.entrySet()) {
        owners.merge(owner(e.getKey()), e.getValue()[1], Double::sum);
        total += e.getValue()[1];
      }
      List<List<String>> ownerRows = new ArrayList<>();
      List<Map.Entry<String, Double>> sortedOwners = new ArrayList<>(owners.entrySet());
      sortedOwners.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
      for (Map.Entry<String, Double> e : sortedOwners) {
        ownerRows.add(Arrays.asList(e.getKey(), String.format("%,.0f", e.getValue())));
      }
      ownerRows.add(Arrays.asList("**total**", String.format("**%,.0f**", total)));
      List<Map.Entry<String, double[]>> sorted = new ArrayList<>(perStream.entrySet());
      sorted.sort((a, b) -> Double.compare(b.getValue()[1], a.getValue()[1]));
      List<List<String>> rows = new ArrayList<>();
      for (Map.Entry<String, double[]> e : sorted.subList(0, Math.min(topClasses, sorted.size()))) {
        double instances = e.getValue()[0];
        double bytes = e.getValue()[1];
        rows.add(Arrays.asList("`" + e.getKey() + "`", owner(e.getKey()), String.format("%.2f", instances),
            String.format("%,.0f", bytes), instances >= 0.5 ? String.format("%,.0f", bytes / instances) : "-"));
      }
      return "Live heap per stream by owner (class histograms before and after connecting " + streams
          + " streams, difference / " + streams + "):\n\n"
          + Markdown.table(Arrays.asList("owner", "bytes / stream"), ownerRows) + "\n"
          + "The " + rows.size() + " classes that grew most:\n\n"
          + Markdown.table(Arrays.asList("class", "owner", "instances / stream", "bytes / stream",
              "bytes / instance"), rows);
    }
  }
}
