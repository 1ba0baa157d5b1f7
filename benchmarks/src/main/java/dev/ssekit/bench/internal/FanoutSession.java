package dev.ssekit.bench.internal;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One server process (the hub or the bare baseline) with N streams held by a {@link LoadFleet}: connects them,
 * measures what holding them costs the server, then runs broadcast phases at a given rate. Both servers get
 * the same token, heartbeat interval and retry hint.
 */
public final class FanoutSession implements AutoCloseable {

  /** How a session is set up. */
  public static final class Setup {
    public String java;
    public String serverName;
    public String serverMain;
    /** Streams to hold; 0 or less: as many as the server's open-file limit allows, less {@link #fileMargin}. */
    public int streams;
    public int fileMargin = 64;
    /** A lower open-file limit for the server process (0: inherit this process's). */
    public int serverFileLimit;
    /** Broadcasts at 20/s after connecting and before any measured phase, so both JVMs are compiled. */
    public int warmupSeconds = 2;
    public int payload = 100;
    /** Load processes; 0 or less: one per 10,000 streams. */
    public int loadProcesses;
    /** Loopback source addresses; 0 or less: two per load process. */
    public int sources;
    public int heartbeatSeconds = 30;
    public long retryMillis = 3000;
    public boolean classHistogram;
    /** JVM options of the server process. */
    public List<String> serverJvmArgs = Arrays.asList("-Xmx4g", "-Xss256k");
  }

  /** What one broadcast phase delivered. */
  public static final class Phase {
    public int rate;
    public int seconds;
    public long sent;
    public long expected;
    public long received;
    public int lostStreams;
    public LatencyHistogram latency;

    /** Events that did not arrive: expected minus received, never negative. */
    public long missing() {
      return Math.max(0, expected - received);
    }
  }

  private final Setup setup;
  private final ControlledProcess server;
  private final LoadFleet fleet;
  private int lostBefore;
  /** Set by {@link #open}. */
  public double connectSeconds;
  public int started;
  public int refused;
  public double heapPerStreamKb;
  public double rssPerStreamKb;
  public double serverRssMb;
  public long serverOpenFileLimit;
  public ClassHistogram.Diff histogram;

  private FanoutSession(Setup setup, ControlledProcess server, LoadFleet fleet) {
    this.setup = setup;
    this.server = server;
    this.fleet = fleet;
  }

  /** Starts the server, connects every stream and measures the cost of holding them. */
  public static FanoutSession open(Setup s) throws IOException, InterruptedException {
    String token = newToken();
    List<String> prefix = s.serverFileLimit > 0
        ? Arrays.asList("/bin/sh", "-c", "ulimit -n " + s.serverFileLimit + " && exec \"$@\"", "sh")
        : Collections.<String>emptyList();
    ControlledProcess server = new ControlledProcess(prefix, s.java, s.serverMain, s.serverJvmArgs,
        Arrays.asList(Integer.toString(s.heartbeatSeconds), Long.toString(s.retryMillis)), token);
    try {
      if (s.streams <= 0) {
        long free = freeFiles(server);
        if (free < 0) {
          throw new IOException("cannot read the server's open-file limit from /proc");
        }
        s.streams = (int) Math.max(1, free - s.fileMargin);
      }
      if (s.loadProcesses <= 0) {
        s.loadProcesses = Math.max(1, (s.streams + 9_999) / 10_000);
      }
      if (s.sources <= 0) {
        s.sources = 2 * s.loadProcesses;
      }
      long heapBefore = server.heapAfterGc();
      long rssBefore = server.rssBytes();
      ClassHistogram before = s.classHistogram ? ClassHistogram.of(s.java, server.pid()) : null;
      long t0 = System.nanoTime();
      LoadFleet fleet = new LoadFleet(javaOfThisProcess(), server.url(), token, s.streams, s.loadProcesses,
          s.sources);
      FanoutSession session = new FanoutSession(s, server, fleet);
      try {
        LoadFleet.Status st = fleet.awaitConnected(300);
        session.connectSeconds = (System.nanoTime() - t0) / 1e9;
        session.started = st.started;
        session.refused = s.streams - st.started;
        session.lostBefore = st.lost;
        int held = Math.max(1, st.started);
        session.heapPerStreamKb = Math.max(0, server.heapAfterGc() - heapBefore) / 1024.0 / held;
        long rss = server.rssBytes();
        session.serverRssMb = rss / 1e6;
        session.rssPerStreamKb = Math.max(0, rss - rssBefore) / 1024.0 / held;
        session.serverOpenFileLimit = server.openFileLimit();
        if (before != null) {
          session.histogram = ClassHistogram.of(s.java, server.pid()).minus(before, held);
        }
        if (s.warmupSeconds > 0) {
          session.broadcast(20, s.warmupSeconds, s.payload, 2);
        }
        return session;
      } catch (IOException | InterruptedException | RuntimeException e) {
        session.close();
        throw e;
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** The files the server could still open: its soft limit minus what it has open (-1 if unknown). */
  public static long freeFiles(ControlledProcess server) {
    long limit = server.openFileLimit();
    int open = server.openFiles();
    return limit < 0 || open < 0 ? -1 : limit - open;
  }

  /**
   * Broadcasts {@code rate} events per second for {@code seconds}, paced against the clock (a publisher that
   * falls behind catches up at once), then waits up to {@code drainSeconds} for every stream to receive every
   * event.
   */
  public Phase broadcast(int rate, int seconds, int payload, int drainSeconds)
      throws IOException, InterruptedException {
    Phase p = new Phase();
    p.rate = rate;
    p.seconds = seconds;
    fleet.takeLatencies();
    long period = TimeUnit.SECONDS.toNanos(1) / rate;
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    long next = start;
    for (long now = start; now < end; now = System.nanoTime()) {
      if (now - next >= 0) {
        server.send("broadcast " + System.nanoTime() + " " + payload);
        p.sent++;
        next += period;
      } else {
        LockSupport.parkNanos(Math.min(next - now, end - now));
      }
    }
    LoadFleet.Status st = fleet.status();
    long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds);
    while (st.received < (long) (started - (st.lost - lostBefore)) * p.sent && System.nanoTime() < drainUntil) {
      Thread.sleep(20); // polling a count, not timing anything
      st = fleet.status();
    }
    p.expected = (long) started * p.sent;
    p.lostStreams = st.lost - lostBefore;
    p.latency = fleet.takeLatencies();
    p.received = p.latency.count();
    lostBefore = st.lost;
    return p;
  }

  /** The server under test, as the tables name it. */
  public String serverName() {
    return setup.serverName;
  }

  /** The streams this session asked for. */
  public int streams() {
    return setup.streams;
  }

  /** The load processes holding the streams. */
  public int loadProcesses() {
    return fleet.processCount();
  }

  /** The loopback source addresses the streams were spread over. */
  public int sources() {
    return setup.sources;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      fleet.close();
    } finally {
      server.close();
    }
  }

  private static String newToken() {
    byte[] b = new byte[24];
    new SecureRandom().nextBytes(b);
    StringBuilder sb = new StringBuilder("bench-");
    for (byte x : b) {
      sb.append(String.format("%02x", x));
    }
    return sb.toString();
  }

  private static String javaOfThisProcess() {
    return new java.io.File(System.getProperty("java.home"), "bin/java").getPath();
  }
}
