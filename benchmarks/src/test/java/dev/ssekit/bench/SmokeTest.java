package dev.ssekit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each benchmark for a second or so with tiny sizes, so none of them rots. Nothing about speed is asserted:
 * only that each produced its figures, its chart and a result for every contender.
 */
class SmokeTest {

  @Test
  void parserBenchmarkRunsForEveryParser(@TempDir Path out) throws Exception {
    String table = ParserRun.run(out.toFile(), true);
    assertThat(table).contains("| ssekit | ok").contains("| okhttpSse | ok").contains("| launchDarkly | ok");
    assertThat(table).contains("ssekit events/s vs the faster peer");
    assertThat(out.toFile().list()).anyMatch(name -> name.startsWith("parser-throughput-") && name.endsWith(".png"))
        .anyMatch(name -> name.startsWith("parser-") && name.endsWith(".md"));
  }

  @Test
  void endToEndRunsForEveryClient(@TempDir Path out) throws Exception {
    String table = EndToEndRun.run(out.toFile(), 2000, 100, 1);
    assertThat(table).contains("| ssekit SDK |").contains("| okhttp-sse |").contains("| LaunchDarkly |");
    String jdk = new File(System.getProperty("java.home")).getName();
    assertThat(new File(out.toFile(), "e2e-throughput-" + jdk + ".png")).isFile();
    assertThat(new File(out.toFile(), "e2e-" + jdk + ".md")).isFile();
    assertThat(table).contains("| client CPU ns / event |");
    assertThat(table).contains("One OkHttpClient for every client").contains("warnings after the run: 0\n");
  }

  @Test
  void fanoutRunsAgainstTheHubAndTheBaseline(@TempDir Path out) throws Exception {
    FanoutRun.Options o = tiny(out);
    String table = FanoutRun.run(o);
    assertThat(table).contains("| 20 | bare NIO |").contains("| 20 | ssekit hub |");
    assertThat(table).doesNotContain("| 0 / 0 |");
    assertThat(out.toFile().list()).anyMatch(name -> name.startsWith("fanout-latency-"));
  }

  @Test
  void capacitySearchStepsTheRateForTheHubAndTheBaseline(@TempDir Path out) throws Exception {
    FanoutRun.Options o = tiny(out);
    CapacityRun.Search search = new CapacityRun.Search();
    search.startRate = 20;
    search.stepSeconds = 1;
    search.maxSteps = 2;
    String text = CapacityRun.run(o, search);
    assertThat(text).contains("| 20 | bare NIO |").contains("| 20 | ssekit hub |");
    assertThat(text.split("\n")).filteredOn(line -> line.matches("\\| 20 \\| (bare NIO|ssekit hub) \\| [0-9,]+ \\| \\d.*"))
        .hasSizeGreaterThanOrEqualTo(2 + 2); // the summary rows and at least one step per server
    assertThat(new File(out.toFile(), "capacity-" + o.tag() + ".png")).isFile();
    assertThat(new File(out.toFile(), "capacity-" + o.tag() + ".md")).isFile();
  }

  @Test
  void fileLimitRunHoldsAsManyStreamsAsTheHubCanOpenFilesForAndReachesEach(@TempDir Path out) throws Exception {
    FanoutRun.Options o = tiny(out);
    o.serverFileLimit = 200;
    o.rate = 5;
    String text = FileLimitRun.run(o, 0);
    java.util.regex.Matcher row = java.util.regex.Pattern
        .compile("\\| 200 \\| ([0-9,]+) / ([0-9,]+) \\| [^|]+ \\| [^|]+ \\| ([0-9,]+) / ([0-9,]+) \\|").matcher(text);
    assertThat(row.find()).as(text).isTrue();
    int held = Integer.parseInt(row.group(1).replace(",", ""));
    assertThat(held).isBetween(50, 200).isEqualTo(Integer.parseInt(row.group(2).replace(",", "")));
    assertThat(row.group(3)).isEqualTo(row.group(4)).isNotEqualTo("0");
    assertThat(text).contains("| the server's own classes (dev.ssekit.*) |").contains("`byte[]`");
    assertThat(new File(out.toFile(), "file-limit-latency-" + o.tag() + ".png")).isFile();
  }

  private static FanoutRun.Options tiny(Path out) {
    FanoutRun.Options o = new FanoutRun.Options();
    o.out = out.toFile();
    o.clients = new int[] {20};
    o.rate = 20;
    o.seconds = 1;
    o.warmupSeconds = 0;
    o.drainSeconds = 5;
    return o;
  }
}
