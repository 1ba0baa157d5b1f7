package dev.ssekit.bench;

import java.io.File;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar benchmarks/target/ssekit-bench.jar <parser|e2e|idle|fanout> ...}. */
@Command(name = "ssekit-bench", mixinStandardHelpOptions = true,
    subcommands = {BenchCommand.Parser.class, BenchCommand.EndToEnd.class, BenchCommand.Idle.class,
        BenchCommand.Fanout.class},
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
    @Option(names = "--events", defaultValue = "1000000") int events;
    @Option(names = "--payload", defaultValue = "100") int payload;
    @Option(names = "--rounds", defaultValue = "5") int rounds;
    @Option(names = "--out", defaultValue = "benchmarks/target/results") File out;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if (events < 1 || rounds < 1 || payload < 0) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--events and --rounds must be at least 1 and --payload at least 0, were " + events + ", " + rounds
                + " and " + payload);
      }
      System.out.println(EndToEndRun.run(out, events, payload, rounds));
      return 0;
    }
  }

  /** What a quiet stream costs the client. */
  @Command(name = "idle", description = "The SDK on a heartbeat-only stream and on one event a second: wakes, CPU, acks.")
  static final class Idle implements Callable<Integer> {
    @Option(names = "--duration", defaultValue = "60", converter = Seconds.class,
        description = "How long each case is measured, e.g. 60s or 2m (default 60 s).") int seconds;
    @Option(names = "--heartbeat", defaultValue = "1", converter = Seconds.class,
        description = "The hub's heartbeat interval (default 1 s: more arrivals to count than the hub's 30 s).")
    int heartbeatSeconds;
    @Option(names = "--out", defaultValue = "benchmarks/target/results") File out;

    @Override
    public Integer call() throws Exception {
      System.out.println(IdleRun.run(out, java.time.Duration.ofSeconds(seconds),
          java.time.Duration.ofSeconds(heartbeatSeconds)));
      return 0;
    }
  }

  /** The hub's fan-out under load, against a bare NIO baseline that does the same work on the wire. */
  @Command(name = "fanout", description = {
      "N concurrent streams held by load processes, R broadcasts/s: latency, throughput, memory.",
      "--capacity: raise the rate until an event is missing or p99 passes 100 ms (hub and bare).",
      "--at-file-limit: the hub alone, holding streams up to its own open-file limit."})
  static final class Fanout implements Callable<Integer> {
    @Option(names = "--clients", defaultValue = "1000", split = ",",
        description = "Stream counts, e.g. 1000,10000 (ignored with --at-file-limit).") int[] clients;
    @Option(names = "--rate", defaultValue = "10", description = "Broadcasts/s (open loop, file limit).")
    int rate;
    @Option(names = "--duration", defaultValue = "20s", converter = Seconds.class) int durationSeconds;
    @Option(names = "--payload", defaultValue = "100") int payload;
    @Option(names = "--java", description = "The java binary for the hub and baseline processes.")
    String java;
    @Option(names = "--load-processes", defaultValue = "0",
        description = "Load processes (default: one per 10,000 streams).") int loadProcesses;
    @Option(names = "--sources", defaultValue = "0",
        description = "Loopback source addresses 127.0.0.2.. (default: two per load process).") int sources;
    @Option(names = "--heartbeat", defaultValue = "30s", converter = Seconds.class,
        description = "Heartbeat interval of both servers.") int heartbeatSeconds;
    @Option(names = "--class-histogram", description = "Where each server's heap per stream goes (jcmd).")
    boolean classHistogram;
    @Option(names = "--capacity", description = "Closed loop: the highest rate each server sustains.")
    boolean capacity;
    @Option(names = "--start-rate", defaultValue = "10", description = "Capacity: the first step's rate.")
    int startRate;
    @Option(names = "--step", defaultValue = "5s", converter = Seconds.class,
        description = "Capacity: each step's duration.") int stepSeconds;
    @Option(names = "--max-steps", defaultValue = "12", description = "Capacity: steps per search at most.")
    int maxSteps;
    @Option(names = "--at-file-limit", description = "The hub alone, up to its own open-file limit.")
    boolean atFileLimit;
    @Option(names = "--streams", defaultValue = "0",
        description = "With --at-file-limit: hold this many instead (0: the limit).") int streams;
    @Option(names = "--hub-file-limit", defaultValue = "0",
        description = "Lower the server's open-file limit to this (0: inherit).") int hubFileLimit;
    @Option(names = "--out", defaultValue = "benchmarks/target/results") File out;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    private void atLeast(String option, int value, int min) {
      if (value < min) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            option + " must be at least " + min + ", was " + value);
      }
    }

    @Override
    public Integer call() throws Exception {
      if (capacity && atFileLimit) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--capacity and --at-file-limit are separate runs");
      }
      for (int n : clients) {
        atLeast("--clients", n, 1);
      }
      atLeast("--rate", rate, 1);
      atLeast("--duration", durationSeconds, 1);
      atLeast("--payload", payload, 0);
      atLeast("--load-processes", loadProcesses, 0);
      atLeast("--heartbeat", heartbeatSeconds, 1);
      atLeast("--start-rate", startRate, 1);
      atLeast("--step", stepSeconds, 1);
      atLeast("--max-steps", maxSteps, 1);
      atLeast("--streams", streams, 0);
      atLeast("--hub-file-limit", hubFileLimit, 0);
      if (sources < 0 || sources > 250) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--sources must be 0 (two per load process) to 250, was " + sources);
      }
      FanoutRun.Options o = new FanoutRun.Options();
      o.clients = clients;
      o.rate = rate;
      o.seconds = durationSeconds;
      o.payload = payload;
      if (java != null) {
        o.java = java;
      }
      o.out = out;
      o.loadProcesses = loadProcesses;
      o.sources = sources;
      o.heartbeatSeconds = heartbeatSeconds;
      o.classHistogram = classHistogram;
      o.serverFileLimit = hubFileLimit;
      if (capacity) {
        CapacityRun.Search search = new CapacityRun.Search();
        search.startRate = startRate;
        search.stepSeconds = stepSeconds;
        search.maxSteps = maxSteps;
        System.out.println(CapacityRun.run(o, search));
      } else if (atFileLimit) {
        System.out.println(FileLimitRun.run(o, streams));
      } else {
        System.out.println(FanoutRun.run(o));
      }
      return 0;
    }
  }

  /** Reads {@code 20s}, {@code 2m} or a plain number of seconds. */
  static final class Seconds implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      String v = value.trim();
      try {
        if (v.endsWith("m")) {
          return Math.multiplyExact(Integer.parseInt(v.substring(0, v.length() - 1)), 60);
        }
        return Integer.parseInt(v.endsWith("s") ? v.substring(0, v.length() - 1) : v);
      } catch (NumberFormatException | ArithmeticException e) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not a duration like 20s, 2m or 30");
      }
    }
  }
}
