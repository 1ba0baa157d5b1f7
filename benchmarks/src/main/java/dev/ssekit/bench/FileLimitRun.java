package dev.ssekit.bench;

import dev.ssekit.bench.internal.Charts;
import dev.ssekit.bench.internal.FanoutSession;
import dev.ssekit.bench.internal.Markdown;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The hub at its own open-file limit: as many streams as the hub process can still open files for (less a
 * small margin), spread over load processes and source addresses, then broadcasts that must reach every one
 * of them. Reports what holding them costs (heap and resident memory per stream, a class histogram of where
 * the heap goes) and what one process would hold where the file limit is higher.
 */
public final class FileLimitRun {

  private FileLimitRun() {}

  /**
   * Runs the hub alone with {@code streams} streams (0 or less: up to its open-file limit); writes
   * file-limit-<jdk>.md and the latency chart; returns the Markdown.
   */
  public static String run(FanoutRun.Options o, int streams) throws Exception {
    FanoutSession.Setup setup = o.setup(FanoutRun.HUB, HubHost.class, streams);
    setup.classHistogram = true;
    try (FanoutSession session = FanoutSession.open(setup)) {
      FanoutSession.Phase p = session.broadcast(o.rate, o.seconds, o.payload, o.drainSeconds);
      return report(o, session, p);
    }
  }

  private static String report(FanoutRun.Options o, FanoutSession s, FanoutSession.Phase p) throws IOException {
    double kbPerStream = s.rssPerStreamKb;
    long perGib = kbPerStream <= 0 ? -1 : (long) (1024 * 1024 / kbPerStream);
    List<String> row = Arrays.asList(Long.toString(s.serverOpenFileLimit),
        String.format("%,d / %,d", s.started, s.streams()), s.loadProcesses() + " / " + s.sources(),
        String.format("%.1f", s.connectSeconds), String.format("%,d / %,d", p.received, p.expected),
        Integer.toString(p.lostStreams), FanoutRun.ms(p.latency.percentile(0.50)),
        FanoutRun.ms(p.latency.percentile(0.99)), FanoutRun.ms(p.latency.max()),
        String.format("%.1f", s.heapPerStreamKb), String.format("%.1f", kbPerStream),
        String.format("%.0f", s.serverRssMb), perGib < 0 ? "-" : String.format("%,d", perGib));
    String text = "java: `" + o.java + "`, " + o.rate + " broadcasts/s for " + o.seconds + " s, " + o.payload
        + " B each, to every stream the hub could open a file for\n\n"
        + Markdown.table(Arrays.asList("hub open-file limit", "streams held / tried",
            "load processes / source addresses", "connect s", "received / expected", "streams lost", "p50 ms",
            "p99 ms", "max ms", "heap KB / stream", "RSS KB / stream", "hub RSS MB", "streams per GiB of RSS"),
            Collections.singletonList(row))
        + "\n" + (s.histogram == null ? "" : s.histogram.markdown(20));
    Files.createDirectories(o.out.toPath());
    String tag = o.tag();
    Files.write(new File(o.out, "file-limit-" + tag + ".md").toPath(), text.getBytes(StandardCharsets.UTF_8));
    Charts.cdf(new File(o.out, "file-limit-latency-" + tag + ".png"),
        "Broadcast-to-receipt latency, " + s.started + " streams, " + o.rate + "/s (" + tag + ")", "us",
        Collections.singletonMap(FanoutRun.HUB, p.latency.sample(2000)));
    return text;
  }
}
