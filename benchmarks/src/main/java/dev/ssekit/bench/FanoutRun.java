package dev.ssekit.bench;

import dev.ssekit.bench.internal.Charts;
import dev.ssekit.bench.internal.ControlledProcess;
import dev.ssekit.bench.internal.LoadClients;
import dev.ssekit.bench.internal.Markdown;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The hub's fan-out under load: N concurrent streams on a non-blocking client, R broadcasts per second for D
 * seconds, the hub in its own JVM. The same run measures a bare NIO server that writes the same bytes to the
 * same sockets with no auth, buffer or tracking: the practical limit of the machine.
 */
public final class FanoutRun {

  private FanoutRun() {}

  /** What one server did with one client count. */
  static final class Figures {
    String server;
    int clients;
    double connectSeconds;
    double deliveredPerSecond;
    long expected;
    long received;
    long[] latencyMicros;
    double heapPerConnectionKb;
    double rssMb;
    int errors;

    long percentile(double p) {
      if (latencyMicros.length == 0) {
        return -1;
      }
      return latencyMicros[(int) Math.min(latencyMicros.length - 1, Math.floor(p * latencyMicros.length))];
    }
  }

  public static String run(File outDir, int[] clientCounts, int rate, int seconds, int payload, String java)
      throws Exception {
    List<Figures> all = new ArrayList<>();
    for (int n : clientCounts) {
      all.add(measure("bare NIO", BareServer.class.getName(), java, n, rate, seconds, payload));
      all.add(measure("ssekit hub", HubHost.class.getName(), java, n, rate, seconds, payload));
    }
    return report(outDir, all, rate, seconds, payload, java);
  }

  private static Figures measure(String name, String mainClass, String java, int n, int rate, int seconds,
      int payload) throws Exception {
    Figures f = new Figures();
    f.server = name;
    f.clients = n;
    List<String> jvm = Arrays.asList("-Xmx4g", "-Xss256k");
    try (ControlledProcess server = new ControlledProcess(java, mainClass, jvm)) {
      long heapBefore = server.heapAfterGc();
      long t0 = System.nanoTime();
      try (LoadClients clients = new LoadClients(server.url(), n)) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (clients.started() + clients.errors() < n && System.nanoTime() < deadline) {
          Thread.sleep(10); // polling the connect count, not timing anything
        }
        f.connectSeconds = (System.nanoTime() - t0) / 1e9;
        f.heapPerConnectionKb = Math.max(0, server.heapAfterGc() - heapBefore) / 1024.0 / Math.max(1, clients.started());
        f.rssMb = server.rssBytes() / 1e6;

        ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
        java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
        long periodNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        publisher.scheduleAtFixedRate(() -> {
          try {
            server.send("broadcast " + System.nanoTime() + " " + payload);
            sent.incrementAndGet();
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        publisher.shutdownNow();
        publisher.awaitTermination(5, TimeUnit.SECONDS);
        f.expected = (long) clients.started() * sent.get();
        long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (clients.received() < f.expected && System.nanoTime() < drainUntil) {
          Thread.sleep(20); // let in-flight events land
        }
        f.received = clients.received();
        f.deliveredPerSecond = f.received / (double) seconds;
        f.latencyMicros = clients.latenciesMicros();
        f.errors = clients.errors() + (n - clients.started());
      }
    }
    return f;
  }

  private static String report(File outDir, List<Figures> all, int rate, int seconds, int payload, String java)
      throws IOException {
    List<List<String>> rows = new ArrayList<>();
    Map<Integer, Figures> bare = new LinkedHashMap<>();
    for (Figures f : all) {
      if (f.server.startsWith("bare")) {
        bare.put(f.clients, f);
      }
    }
    for (Figures f : all) {
      Figures b = bare.get(f.clients);
      String ratio = f == b ? "1.00" : String.format("%.2f", f.deliveredPerSecond / Math.max(1, b.deliveredPerSecond));
      rows.add(Arrays.asList(Integer.toString(f.clients), f.server, String.format("%.1f", f.connectSeconds),
          String.format("%,.0f", f.deliveredPerSecond), ratio,
          String.format("%,d / %,d", f.received, f.expected),
          ms(f.percentile(0.50)), ms(f.percentile(0.90)), ms(f.percentile(0.99)), ms(f.percentile(1.0)),
          String.format("%.1f", f.heapPerConnectionKb), String.format("%.0f", f.rssMb), Integer.toString(f.errors)));
    }
    String table = "java: `" + java + "`, " + rate + " broadcasts/s for " + seconds + " s, " + payload + " B each\n\n"
        + Markdown.table(Arrays.asList("clients", "server", "connect s", "delivered events/s", "vs bare",
            "received / expected", "p50 ms", "p90 ms", "p99 ms", "max ms", "heap KB / stream", "RSS MB",
            "errors"), rows);
    Files.createDirectories(outDir.toPath());
    String tag = new File(java).getParentFile().getParentFile().getName();
    Files.write(new File(outDir, "fanout-" + tag + ".md").toPath(), table.getBytes(StandardCharsets.UTF_8));
    for (Integer n : bare.keySet()) {
      Map<String, long[]> series = new LinkedHashMap<>();
      for (Figures f : all) {
        if (f.clients == n) {
          series.put(f.server, f.latencyMicros);
        }
      }
      Charts.cdf(new File(outDir, "fanout-latency-" + tag + "-" + n + ".png"),
          "Broadcast-to-receipt latency, " + n + " clients, " + rate + "/s (" + tag + ")", "us", series);
    }
    List<String> groups = new ArrayList<>();
    Map<String, double[]> bars = new LinkedHashMap<>();
    List<Integer> counts = new ArrayList<>(bare.keySet());
    for (Integer n : counts) {
      groups.add(n + " clients");
    }
    for (Figures f : all) {
      bars.computeIfAbsent(f.server, k -> new double[counts.size()])[counts.indexOf(f.clients)] = f.deliveredPerSecond;
    }
    Charts.bars(new File(outDir, "fanout-throughput-" + tag + ".png"),
        "Delivered events/s (" + tag + ")", "events/s", groups, bars);
    return table;
  }

  private static String ms(long micros) {
    return micros < 0 ? "-" : String.format("%.1f", micros / 1000.0);
  }
}
