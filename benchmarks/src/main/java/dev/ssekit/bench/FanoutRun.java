package dev.ssekit.bench;

import dev.ssekit.bench.internal.Charts;
import dev.ssekit.bench.internal.FanoutSession;
import dev.ssekit.bench.internal.Markdown;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hub's fan-out at a fixed offered rate: N streams held by load processes, R broadcasts per second for D
 * seconds, the server in its own JVM; the same run measures the bare baseline ({@link BareServer}), which
 * does the same work on the wire. A fixed rate shows latency and cost at that load, not capacity: for that,
 * see {@link CapacityRun}.
 */
public final class FanoutRun {

  private FanoutRun() {}

  /** The settings shared by every fan-out mode. */
  public static final class Options {
    public int[] clients = {1000};
    public int rate = 10;
    public int seconds = 20;
    public int payload = 100;
    /** The java binary of the server processes (default: this JVM's). */
    public String java = new File(System.getProperty("java.home"), "bin/java").getPath();
    /** Where the Markdown and PNG files go. */
    public File out = new File("benchmarks/target/results");
    public int loadProcesses;
    public int sources;
    public int heartbeatSeconds = 30;
    public boolean classHistogram;
    public int drainSeconds = 10;
    public int serverFileLimit;
    public int warmupSeconds = 2;

    /** The JDK's directory name ({@code java-17-openjdk-amd64}), also for a bare {@code java} found on the PATH. */
    String tag() {
      return jdkOf(java).getFileName().toString();
    }

    /** The JDK directory of a java binary: a bare name is looked up on the PATH, links are followed. */
    static Path jdkOf(String java) {
      Path path = Path.of(java);
      if (path.getParent() == null) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
          Path candidate = Path.of(dir, java);
          if (Files.isExecutable(candidate)) {
            path = candidate;
            break;
          }
        }
      }
      try {
        path = path.toRealPath(); // /usr/bin/java is a chain of links to the JDK's own bin/java
      } catch (IOException e) {
        path = path.toAbsolutePath();
      }
      return path.getParent().getParent();
    }

    FanoutSession.Setup setup(String name, Class<?> main, int streams) {
      FanoutSession.Setup s = new FanoutSession.Setup();
      s.java = java;
      s.serverName = name;
      s.serverMain = main.getName();
      s.streams = streams;
      s.loadProcesses = loadProcesses;
      s.sources = sources;
      s.heartbeatSeconds = heartbeatSeconds;
      s.classHistogram = classHistogram;
      s.serverFileLimit = serverFileLimit;
      s.payload = payload;
      s.warmupSeconds = warmupSeconds;
      return s;
    }
  }

  static final String BARE = "bare NIO";
  static final String HUB = "ssekit hub";

  /** One server, one client count. */
  static final class Row {
    FanoutSession session;
    FanoutSession.Phase phase;
  }

  /** Measures the baseline and the hub at each client count; writes fanout-<jdk>.md and charts. */
  public static String run(Options o) throws Exception {
    List<Row> rows = new ArrayList<>();
    for (int n : o.clients) {
      rows.add(measure(o, o.setup(BARE, BareServer.class, n)));
      rows.add(measure(o, o.setup(HUB, HubHost.class, n)));
    }
    return report(o, rows);
  }

  private static Row measure(Options o, FanoutSession.Setup setup) throws Exception {
    Row row = new Row();
    try (FanoutSession session = FanoutSession.open(setup)) {
      row.session = session;
      row.phase = session.broadcast(o.rate, o.seconds, o.payload, o.drainSeconds);
    }
    return row;
  }

  private static String report(Options o, List<Row> all) throws IOException {
    Map<Integer, Row> bare = new LinkedHashMap<>();
    for (Row r : all) {
      if (r.session.serverName().equals(BARE)) {
        bare.put(r.session.streams(), r);
      }
    }
    List<List<String>> rows = new ArrayList<>();
    StringBuilder heap = new StringBuilder();
    for (Row r : all) {
      FanoutSession s = r.session;
      FanoutSession.Phase p = r.phase;
      Row b = bare.get(s.streams());
      double delivered = p.received / (double) p.seconds;
      double bareDelivered = b.phase.received / (double) b.phase.seconds;
      rows.add(Arrays.asList(Integer.toString(s.streams()), s.serverName(),
          s.loadProcesses() + " / " + s.sources(), String.format("%.1f", s.connectSeconds),
          String.format("%,.0f", delivered), String.format("%.2f", delivered / Math.max(1, bareDelivered)),
          String.format("%,d / %,d", p.received, p.expected), Integer.toString(p.lostStreams),
          ms(p.latency.percentile(0.50)), ms(p.latency.percentile(0.90)), ms(p.latency.percentile(0.99)),
          ms(p.latency.max()), String.format("%.1f", s.heapPerStreamKb), String.format("%.1f", s.rssPerStreamKb),
          String.format("%.0f", s.serverRssMb), Integer.toString(s.refused)));
      if (s.histogram != null) {
        heap.append("\n#### ").append(s.serverName()).append(", ").append(s.streams()).append(" streams\n\n")
            .append(s.histogram.markdown(15));
      }
    }
    String table = "java: `" + o.java + "`, " + o.rate + " broadcasts/s for " + o.seconds + " s, " + o.payload
        + " B each; latency is broadcast to receipt, one clock reading per read\n\n"
        + Markdown.table(Arrays.asList("clients", "server", "load processes / source addresses", "connect s",
            "delivered events/s", "vs bare", "received / expected", "streams lost", "p50 ms", "p90 ms",
            "p99 ms", "max ms", "heap KB / stream", "RSS KB / stream", "RSS MB", "refused"), rows)
        + heap;
    Files.createDirectories(o.out.toPath());
    String tag = o.tag();
    Files.write(new File(o.out, "fanout-" + tag + ".md").toPath(), table.getBytes(StandardCharsets.UTF_8));
    for (Integer n : bare.keySet()) {
      Map<String, long[]> series = new LinkedHashMap<>();
      for (Row r : all) {
        if (r.session.streams() == n) {
          series.put(r.session.serverName(), r.phase.latency.sample(2000));
        }
      }
      Charts.cdf(new File(o.out, "fanout-latency-" + tag + "-" + n + ".png"),
          "Broadcast-to-receipt latency, " + n + " clients, " + o.rate + "/s (" + tag + ")", "us", series);
    }
    return table;
  }

  static String ms(long micros) {
    return micros < 0 ? "-" : String.format("%.1f", micros / 1000.0);
  }
}
