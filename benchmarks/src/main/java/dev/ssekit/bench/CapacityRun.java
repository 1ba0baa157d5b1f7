package dev.ssekit.bench;

import dev.ssekit.bench.internal.Charts;
import dev.ssekit.bench.internal.FanoutSession;
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

/**
 * Closed-loop capacity: for each client count and each server (bare baseline, hub), raise the broadcast rate
 * step by step until an event is missing, a stream is lost or p99 passes the limit, then narrow the gap
 * between the last passing and the first failing rate by halving it. Reports the highest rate each server
 * sustained and the hub's ratio to the baseline. After a failing step the server and the streams start afresh,
 * so one failure never carries into the next step.
 */
public final class CapacityRun {

  private CapacityRun() {}

  /** The search's settings. */
  public static final class Search {
    public int startRate = 10;
    public int stepSeconds = 5;
    public long p99LimitMicros = 100_000;
    public int maxSteps = 12;
    /** Stop when the gap between passing and failing rates is at most this fraction of the passing rate. */
    public double precision = 0.1;
    /** A step lasts long enough for at least this many broadcasts (p99 of fewer says little). */
    public int minBroadcasts = 20;
    /** A failing rate is tried once more, on a fresh server and streams, before it counts as failed. */
    public boolean confirmFailures = true;
  }

  /** One step of the search. */
  static final class Step {
    FanoutSession.Phase phase;
    String verdict;
    boolean pass;
  }

  /** The search for one server and client count. */
  static final class Result {
    String server;
    int clients;
    int best;
    FanoutSession.Phase bestPhase;
    Step firstFailure;
    final List<Step> steps = new ArrayList<>();
  }

  /** Searches every client count for both servers; writes capacity-<jdk>.md and .png; returns the Markdown. */
  public static String run(FanoutRun.Options o, Search search) throws Exception {
    List<Result> results = new ArrayList<>();
    for (int n : o.clients) {
      results.add(search(o, search, FanoutRun.BARE, BareServer.class, n));
      results.add(search(o, search, FanoutRun.HUB, HubHost.class, n));
    }
    return report(o, search, results);
  }

  private static Result search(FanoutRun.Options o, Search search, String name, Class<?> main, int n)
      throws Exception {
    Result r = new Result();
    r.server = name;
    r.clients = n;
    int lo = 0;
    int hi = Integer.MAX_VALUE;
    int rate = Math.max(1, search.startRate);
    FanoutSession session = null;
    try {
      for (int step = 0; step < search.maxSteps; step++) {
        if (session == null) {
          session = FanoutSession.open(o.setup(name, main, n));
        }
        Step s = step(session, rate, search, o.payload, n);
        r.steps.add(s);
        if (!s.pass && search.confirmFailures) {
          session.close(); // a fresh server and fresh streams for the second try
          session = FanoutSession.open(o.setup(name, main, n));
          s = step(session, rate, search, o.payload, n);
          s.verdict = s.pass ? "pass (second try)" : s.verdict + " (twice)";
          r.steps.add(s);
        }
        if (s.pass) {
          lo = rate;
          r.best = rate;
          r.bestPhase = s.phase;
        } else {
          hi = rate;
          if (r.firstFailure == null || rate < r.firstFailure.phase.rate) {
            r.firstFailure = s;
          }
          session.close();
          session = null;
        }
        if (hi != Integer.MAX_VALUE && hi - lo <= Math.max(1, (int) (lo * search.precision))) {
          break;
        }
        rate = hi == Integer.MAX_VALUE ? rate * 2 : lo + (hi - lo) / 2;
        if (rate < 1) {
          break;
        }
      }
    } finally {
      if (session != null) {
        session.close();
      }
    }
    return r;
  }

  private static Step step(FanoutSession session, int rate, Search search, int payload, int wanted)
      throws IOException, InterruptedException {
    Step s = new Step();
    int seconds = Math.max(search.stepSeconds, (search.minBroadcasts + rate - 1) / rate);
    s.phase = session.broadcast(rate, seconds, payload, 2);
    s.verdict = verdict(s.phase, session.started, wanted, search.p99LimitMicros);
    s.pass = s.verdict.equals("pass");
    return s;
  }

  /** "pass", or why the step failed. */
  static String verdict(FanoutSession.Phase p, int started, int wanted, long p99LimitMicros) {
    List<String> why = new ArrayList<>();
    long offered = (long) p.rate * p.seconds;
    if (p.sent < offered * 0.95) { // the step did not test its rate: count it as a failure, and say so
      why.add(String.format("the publisher offered only %.1f/s", p.sent / (double) p.seconds));
    }
    if (started < wanted) {
      why.add((wanted - started) + " streams never started");
    }
    if (p.lostStreams > 0) {
      why.add(p.lostStreams + " streams lost");
    }
    if (p.missing() > 0) {
      why.add(String.format("%,d events missing", p.missing()));
    }
    long p99 = p.latency.percentile(0.99);
    if (p99 > p99LimitMicros) {
      why.add("p99 " + FanoutRun.ms(p99) + " ms");
    }
    return why.isEmpty() ? "pass" : String.join(", ", why);
  }

  private static String report(FanoutRun.Options o, Search search, List<Result> results) throws IOException {
    Map<Integer, Result> bare = new LinkedHashMap<>();
    for (Result r : results) {
      if (r.server.equals(FanoutRun.BARE)) {
        bare.put(r.clients, r);
      }
    }
    List<List<String>> summary = new ArrayList<>();
    List<List<String>> steps = new ArrayList<>();
    for (Result r : results) {
      Result b = bare.get(r.clients);
      String ratio = b.best == 0 ? "-" : String.format("%.2f", r.best / (double) b.best);
      String goal = r == b ? "" : b.best == 0 ? "no baseline" : r.best >= 0.5 * b.best ? "met" : "missed";
      summary.add(Arrays.asList(Integer.toString(r.clients), r.server, String.format("%,d", r.best),
          String.format("%,d", (long) r.best * r.clients),
          r.bestPhase == null ? "-" : FanoutRun.ms(r.bestPhase.latency.percentile(0.99)),
          r.firstFailure == null ? "none reached" : String.format("%,d/s: %s", r.firstFailure.phase.rate,
              r.firstFailure.verdict), ratio, goal));
      for (Step s : r.steps) {
        FanoutSession.Phase p = s.phase;
        steps.add(Arrays.asList(Integer.toString(r.clients), r.server, String.format("%,d", p.rate),
            String.format("%,d", p.sent), String.format("%,d / %,d", p.received, p.expected),
            FanoutRun.ms(p.latency.percentile(0.50)), FanoutRun.ms(p.latency.percentile(0.99)),
            FanoutRun.ms(p.latency.max()), s.verdict));
      }
    }
    String text = "java: `" + o.java + "`, " + o.payload + " B events, steps of " + search.stepSeconds
        + " s (at least " + search.minBroadcasts + " broadcasts) from " + search.startRate
        + " broadcasts/s, doubling until a step fails, then halving the gap; a step passes when the publisher"
        + " offered the rate, no event is missing, no stream is lost and p99 <= "
        + FanoutRun.ms(search.p99LimitMicros) + " ms" + (search.confirmFailures
            ? "; a failing rate is tried again on a fresh server and streams and fails only if it fails twice" : "")
        + ". Goal: the hub sustains at least 0.5x the bare baseline's rate.\n\n"
        + Markdown.table(Arrays.asList("clients", "server", "highest sustained broadcasts/s",
            "events/s delivered at it", "p99 ms at it", "first failing rate", "vs bare", "goal"), summary)
        + "\nEvery step:\n\n"
        + Markdown.table(Arrays.asList("clients", "server", "broadcasts/s", "sent", "received / expected",
            "p50 ms", "p99 ms", "max ms", "verdict"), steps);
    Files.createDirectories(o.out.toPath());
    String tag = o.tag();
    Files.write(new File(o.out, "capacity-" + tag + ".md").toPath(), text.getBytes(StandardCharsets.UTF_8));
    List<String> groups = new ArrayList<>();
    Map<String, double[]> bars = new LinkedHashMap<>();
    List<Integer> counts = new ArrayList<>(bare.keySet());
    for (Integer n : counts) {
      groups.add(n + " clients");
    }
    for (Result r : results) {
      bars.computeIfAbsent(r.server, k -> new double[counts.size()])[counts.indexOf(r.clients)] =
          (double) r.best * r.clients;
    }
    Charts.bars(new File(o.out, "capacity-" + tag + ".png"),
        "Highest sustained delivery, events/s (" + tag + ")", "events/s", groups, bars);
    return text;
  }
}
