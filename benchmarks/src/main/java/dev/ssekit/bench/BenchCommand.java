package dev.ssekit.bench;

import java.io.File;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar benchmarks/target/ssekit-bench.jar <parser|e2e|fanout> ...}. */
@Command(name = "ssekit-bench", mixinStandardHelpOptions = true,
    subcommands = {BenchCommand.Parser.class, BenchCommand.EndToEnd.class, BenchCommand.Fanout.class},
    description = "Benchmarks ssekit side by side with the peers users would pick instead.")
public final class BenchCommand implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchCommand()).execute(args));
  }

  /** Parser throughput with JMH. */
  @Command(name = "parser", description = "JMH: ssekit's parser vs okhttp-sse vs LaunchDarkly on the same bytes.")
  static final class Parser implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "benchmarks/target/results") File out;
    @Option(names = "--smoke", description = "A sub-second run on one input.") boolean smoke;

    @Override
    public Integer call() throws Exception {
      System.out.println(ParserRun.run(out, smoke));
      return 0;
    }
  }

  /** One stream consumed end to end by each client. */
  @Command(name = "e2e", description = "One hub stream of N events consumed by the SDK, okhttp-sse and LaunchDarkly.")
  static final class EndToEnd implements Callable<Integer> {
    @Option(names = "--events", defaultValue = "200000") int events;
    @Option(names = "--payload", defaultValue = "100") int payload;
    @Option(names = "--rounds", defaultValue = "5") int rounds;
    @Option(names = "--out", defaultValue = "benchmarks/target/results") File out;

    @Override
    public Integer call() throws Exception {
      System.out.println(EndToEndRun.run(out, events, payload, rounds));
      return 0;
    }
  }

  /** The hub's fan-out under load, against a bare NIO baseline. */
  @Command(name = "fanout", description = "N concurrent streams, R broadcasts/s: latency, throughput, memory.")
  static final class Fanout implements Callable<Integer> {
    @Option(names = "--clients", defaultValue = "1000", split = ",") int[] clients;
    @Option(names = "--rate", defaultValue = "10") int rate;
    @Option(names = "--duration", defaultValue = "20s", converter = Seconds.class) int durationSeconds;
    @Option(names = "--payload", defaultValue = "100") int payload;
    @Option(names = "--java", description = "The java binary for the hub and baseline processes.")
    String java;
    @Option(names = "--out", defaultValue = "benchmarks/target/results") File out;

    @Override
    public Integer call() throws Exception {
      System.out.println(FanoutRun.run(out, clients, rate, durationSeconds, payload,
          java != null ? java : new File(System.getProperty("java.home"), "bin/java").getPath()));
      return 0;
    }
  }

  /** Reads {@code 20s}, {@code 2m} or a plain number of seconds. */
  static final class Seconds implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      String v = value.trim();
      if (v.endsWith("m")) {
        return Integer.parseInt(v.substring(0, v.length() - 1)) * 60;
      }
      return Integer.parseInt(v.endsWith("s") ? v.substring(0, v.length() - 1) : v);
    }
  }
}
