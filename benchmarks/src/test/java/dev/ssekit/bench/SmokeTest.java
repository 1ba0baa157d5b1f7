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
    assertThat(new File(out.toFile(), "e2e-throughput.png")).isFile();
  }

  @Test
  void fanoutRunsAgainstTheHubAndTheBaseline(@TempDir Path out) throws Exception {
    String java = new File(System.getProperty("java.home"), "bin/java").getPath();
    String table = FanoutRun.run(out.toFile(), new int[] {20}, 20, 1, 100, java);
    assertThat(table).contains("| 20 | bare NIO |").contains("| 20 | ssekit hub |");
    assertThat(table).doesNotContain("| 0 / 0 |");
    assertThat(out.toFile().list()).anyMatch(name -> name.startsWith("fanout-latency-"));
  }
}
