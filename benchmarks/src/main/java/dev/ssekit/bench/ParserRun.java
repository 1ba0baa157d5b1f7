package dev.ssekit.bench;

import dev.ssekit.bench.internal.Charts;
import dev.ssekit.bench.internal.Markdown;
import dev.ssekit.bench.internal.ParserCorrectness;
import dev.ssekit.bench.internal.StreamBytes;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link ParserBenchmark} with JMH and the GC profiler and writes, named after the JVM that ran it
 * ({@code parser-<java.home name>.md} and {@code parser-throughput-<java.home name>.png}), the figures, each
 * goal met or missed, and a chart.
 */
public final class ParserRun {

  private static final List<String> PARSERS = Arrays.asList("ssekit", "okhttpSse", "launchDarkly");

  private ParserRun() {}

  /**
   * @param smoke a one-input, sub-second run that only proves the benchmark works
   * @return the Markdown report: the JVM, the figures and the goals
   */
  public static String run(File outDir, boolean smoke) throws RunnerException, IOException {
    Map<String, Map<String, double[]>> byInput = new LinkedHashMap<>(); // input -> parser -> {MB/s, ev/s, B/ev}
    for (int size : smoke ? new int[] {100} : new int[] {100, 16384}) {
      for (String eol : smoke ? new String[] {"LF"} : new String[] {"LF", "CRLF", "CR"}) {
        for (int lines : smoke ? new int[] {1} : new int[] {1, 4}) {
          // the three parsers one right after the other on each input, so that load from others on a shared
          // machine falls on all three alike rather than on whichever JMH would have run last
          String input = size + " B, " + eol + ", " + lines + (lines == 1 ? " line" : " lines");
          Map<String, double[]> figures = new LinkedHashMap<>();
          byInput.put(input, figures);
          for (String parser : PARSERS) {
            if (!ParserCorrectness.check(parser, 50, size, eol, lines).equals("ok")) {
              continue; // it cannot parse this input: nothing to time
            }
            RunResult rr = measure(parser, size, eol, lines, smoke);
            if (rr != null) {
              figures.put(parser, figures(rr, size, eol, lines));
            }
          }
        }
      }
    }

    List<List<String>> rows = new ArrayList<>();
    List<String> groups = new ArrayList<>(byInput.keySet());
    Map<String, double[]> mbps = new LinkedHashMap<>();
    for (String parser : PARSERS) {
      mbps.put(parser, new double[groups.size()]);
    }
    for (int g = 0; g < groups.size(); g++) {
      String input = groups.get(g);
      String[] parts = input.split(", ");
      for (String parser : PARSERS) {
        double[] m = byInput.get(input).get(parser);
        String verdict = ParserCorrectness.check(parser, 50, Integer.parseInt(parts[0].replace(" B", "")), parts[1],
            Integer.parseInt(parts[2].split(" ")[0]));
        if (m == null || !verdict.equals("ok")) {
          rows.add(Arrays.asList(input, parser, verdict.equals("ok") ? "no JMH result" : verdict, "-", "-", "-"));
          continue;
        }
        mbps.get(parser)[g] = m[0];
        rows.add(Arrays.asList(input, parser, "ok", String.format("%.1f", m[0]), String.format("%,.0f", m[1]),
            String.format("%.0f", m[2])));
      }
    }
    String table = Markdown.table(
        Arrays.asList("input (data per event, line end, data lines)", "parser", "parses it", "MB/s", "events/s",
            "bytes allocated / event"), rows);
    String report = "JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
        + "\n\n" + table + "\n" + goals(byInput) + "\n";
    String tag = new File(System.getProperty("java.home")).getName();
    Files.createDirectories(outDir.toPath());
    Files.write(new File(outDir, "parser-" + tag + ".md").toPath(), report.getBytes(StandardCharsets.UTF_8));
    List<String> labels = new ArrayList<>(); // short, so that twelve fit under the bars
    for (String group : groups) {
      String[] parts = group.split(", ");
      labels.add(parts[0].replace(" B", "").replace("16384", "16K") + " " + parts[1] + " " + parts[2].split(" ")[0]);
    }
    Charts.bars(new File(outDir, "parser-throughput-" + tag + ".png"),
        "Parser throughput on " + tag + " (data bytes, line end, data lines; MB/s, higher is better)", "MB/s",
        labels, mbps);
    return report;
  }

  private static RunResult measure(String parser, int size, String eol, int lines, boolean smoke)
      throws RunnerException {
    ChainedOptionsBuilder options = new OptionsBuilder()
        .include(ParserBenchmark.class.getName() + "\\." + parser + "$")
        .param("size", Integer.toString(size)).param("eol", eol).param("lines", Integer.toString(lines))
        .addProfiler(GCProfiler.class)
        .shouldFailOnError(false);
    if (smoke) {
      options.forks(0).warmupIterations(1).warmupTime(TimeValue.milliseconds(100))
          .measurementIterations(1).measurementTime(TimeValue.milliseconds(200));
    } else {
      options.forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(1))
          .measurementIterations(5).measurementTime(TimeValue.seconds(1));
    }
    Collection<RunResult> results = new Runner(options.build()).run();
    return results.isEmpty() ? null : results.iterator().next();
  }

  /** MB/s, events/s and bytes allocated per event. */
  private static double[] figures(RunResult rr, int size, String eol, int lines) {
    int events = Math.max(64, (1 << 20) / size);
    int bytes = StreamBytes.of(events, size, eol, lines).length;
    double opsPerSecond = rr.getPrimaryResult().getScore();
    Result alloc = rr.getSecondaryResults().get("gc.alloc.rate.norm");
    double bytesPerOp = alloc == null ? Double.NaN : alloc.getScore();
    return new double[] {opsPerSecond * bytes / 1e6, opsPerSecond * events, bytesPerOp / events};
  }

  /**
   * Each goal per input, from the same figures: events/s at least 1.5x the faster peer on 100-byte events
   * (1.0x on larger ones), and fewer bytes allocated per event than either peer. A peer that cannot parse an
   * input does not count as the faster one.
   */
  static String goals(Map<String, Map<String, double[]>> byInput) {
    List<List<String>> rows = new ArrayList<>();
    for (Map.Entry<String, Map<String, double[]>> e : byInput.entrySet()) {
      String[] parts = e.getKey().split(", ");
      double[] ours = e.getValue().get("ssekit");
      if (ours == null) {
        continue;
      }
      String fasterPeer = null;
      double peerEvents = 0;
      double peerAlloc = Double.MAX_VALUE;
      for (String peer : PARSERS.subList(1, PARSERS.size())) {
        double[] m = e.getValue().get(peer);
        String verdict = ParserCorrectness.check(peer, 50, Integer.parseInt(parts[0].replace(" B", "")), parts[1],
            Integer.parseInt(parts[2].split(" ")[0]));
        if (m == null || !verdict.equals("ok")) {
          continue;
        }
        if (m[1] > peerEvents) {
          peerEvents = m[1];
          fasterPeer = peer;
        }
        peerAlloc = Math.min(peerAlloc, m[2]);
      }
      if (fasterPeer == null) {
        continue;
      }
      double goal = parts[0].equals("100 B") ? 1.5 : 1.0;
      double ratio = ours[1] / peerEvents;
      String speed = String.format("%.2fx %s: %s", ratio, fasterPeer,
          ratio >= goal ? "met" : String.format("missed by %.2fx", goal - ratio));
      String alloc = String.format("%.0f vs %.0f: %s", ours[2], peerAlloc,
          ours[2] < peerAlloc ? "met" : String.format("missed by %.0f B", ours[2] - peerAlloc));
      rows.add(Arrays.asList(e.getKey(), String.format("%.1fx", goal), speed, alloc));
    }
    return Markdown.table(Arrays.asList("input", "speed goal", "ssekit events/s vs the faster peer",
        "bytes / event, ssekit vs the leaner peer (goal: fewer)"), rows);
  }
}
