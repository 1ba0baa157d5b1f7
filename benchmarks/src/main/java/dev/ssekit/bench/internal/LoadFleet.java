package dev.ssekit.bench.internal;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The streams of one fan-out run spread over several load processes (each far under the 20,000 open-file
 * limit of a process) and several loopback source addresses ({@code 127.0.0.2}, {@code .3}, ...; each has its
 * own 28,000 ephemeral ports). Sums what the processes count and merges their latency histograms.
 */
public final class LoadFleet implements AutoCloseable {

  /** What all load processes counted at one moment. */
  public static final class Status {
    public int connects;
    public int started;
    public int refused;
    public int lost;
    public long received;
  }

  private final List<ControlledProcess> processes = new ArrayList<>();
  private final int streams;

  /**
   * Starts {@code processes} load JVMs that together open {@code streams} streams to {@code url}, connection
   * {@code i} bound to source address {@code 127.0.0.(2 + i % sources)}.
   */
  public LoadFleet(String java, URI url, String token, int streams, int processCount, int sources)
      throws IOException {
    if (streams < 1 || processCount < 1 || sources < 1 || sources > 250) {
      throw new IllegalArgumentException("need streams >= 1, processes >= 1 and 1-250 sources, got " + streams
          + ", " + processCount + ", " + sources);
    }
    this.streams = streams;
    int processesUsed = Math.min(processCount, streams);
    try {
      for (int p = 0; p < processesUsed; p++) {
        int share = streams / processesUsed + (p < streams % processesUsed ? 1 : 0);
        processes.add(new ControlledProcess(java, LoadProcess.class.getName(),
            Arrays.asList("-Xmx768m", "-XX:+UseSerialGC", "-Xss512k"),
            Arrays.asList(url.toString(), Integer.toString(share), sourcesOf(p, processesUsed, sources)), token));
      }
    } catch (IOException | RuntimeException e) {
      closeQuietly();
      throw e;
    }
  }

  /** The addresses process {@code p} binds: its own share when there are enough, else one in turn. */
  static String sourcesOf(int p, int processCount, int sources) {
    List<String> mine = new ArrayList<>();
    for (int a = 0; a < sources; a++) {
      if (sources >= processCount ? a % processCount == p : a == p % sources) {
        mine.add("127.0.0." + (2 + a));
      }
    }
    return String.join(",", mine);
  }

  /** The streams the fleet was asked to hold. */
  public int streams() {
    return streams;
  }

  /** The load processes started. */
  public int processCount() {
    return processes.size();
  }

  /** What every process counted so far, summed. */
  public Status status() throws IOException {
    Status s = new Status();
    for (ControlledProcess p : processes) {
      String[] f = p.ask("status").trim().split(" ");
      s.connects += Integer.parseInt(f[0]);
      s.started += Integer.parseInt(f[1]);
      s.refused += Integer.parseInt(f[2]);
      s.lost += Integer.parseInt(f[3]);
      s.received += Long.parseLong(f[4]);
    }
    return s;
  }

  /** Waits until every stream started or failed (at most {@code timeoutSeconds}); returns the last status. */
  public Status awaitConnected(int timeoutSeconds) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    Status s = status();
    while (s.started + s.refused < streams && System.nanoTime() < deadline) {
      Thread.sleep(20); // polling a count, not timing anything
      s = status();
    }
    return s;
  }

  /** The latencies every process recorded since the last take, merged; each process resets its own. */
  public LatencyHistogram takeLatencies() throws IOException {
    LatencyHistogram all = new LatencyHistogram();
    for (ControlledProcess p : processes) {
      all.add(LatencyHistogram.decode(p.ask("take")));
    }
    return all;
  }

  /** Resident memory of all load processes, in bytes. */
  public long rssBytes() {
    long total = 0;
    for (ControlledProcess p : processes) {
      total += p.rssBytes();
    }
    return total;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    closeQuietly();
  }

  private void closeQuietly() {
    for (ControlledProcess p : processes) {
      try {
        p.close();
      } catch (IOException | InterruptedException | RuntimeException e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
