package dev.ssekit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Options that cannot make a run are refused before anything starts, with a message that names them. */
class BenchCommandTest {

  private static String refusal(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new BenchCommand());
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(new StringWriter()));
    int code = cli.execute(args);
    assertThat(code).as(String.join(" ", args)).isEqualTo(2);
    return err.toString();
  }

  @Test
  void refusesFanoutOptionsThatCannotMakeARun() {
    assertThat(refusal("fanout", "--rate", "0")).contains("--rate must be at least 1, was 0");
    assertThat(refusal("fanout", "--clients", "100,-5")).contains("--clients must be at least 1, was -5");
    assertThat(refusal("fanout", "--duration", "0s")).contains("--duration must be at least 1, was 0");
    assertThat(refusal("fanout", "--duration", "soon")).contains("'soon' is not a duration");
    assertThat(refusal("fanout", "--duration", "99999999m")).contains("is not a duration");
    assertThat(refusal("fanout", "--sources", "251")).contains("--sources must be 0");
    assertThat(refusal("fanout", "--capacity", "--start-rate", "0")).contains("--start-rate must be at least 1");
    assertThat(refusal("fanout", "--capacity", "--at-file-limit")).contains("separate runs");
    assertThat(refusal("fanout", "--at-file-limit", "--hub-file-limit", "-1")).contains("--hub-file-limit");
  }

  @Test
  void refusesEndToEndOptionsThatCannotMakeARun() {
    assertThat(refusal("e2e", "--events", "0")).contains("--events and --rounds must be at least 1");
    assertThat(refusal("e2e", "--rounds", "0")).contains("--events and --rounds must be at least 1");
  }
}
