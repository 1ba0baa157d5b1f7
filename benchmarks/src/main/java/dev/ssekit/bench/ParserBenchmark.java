package dev.ssekit.bench;

import dev.ssekit.bench.internal.ParserPeers;
import dev.ssekit.bench.internal.StreamBytes;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Parser throughput, side by side: ssekit's parser, okhttp-sse 5's reader and LaunchDarkly okhttp-eventsource
 * 4's parser on the same bytes (about 1 MB of events per operation). One operation parses the whole stream;
 * events/s and MB/s follow from {@link #events()} and {@link #bytes()}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ParserBenchmark {

  /** Bytes of data per event. */
  @Param({"100", "16384"})
  public int size;

  /** Line ends. */
  @Param({"LF", "CRLF", "CR"})
  public String eol;

  /** {@code data:} lines per event. */
  @Param({"1", "4"})
  public int lines;

  private byte[] input;
  private int events;

  /** The stream for this combination: about 1 MB. */
  @Setup
  public void setUp() {
    events = Math.max(64, (1 << 20) / size);
    input = StreamBytes.of(events, size, eol, lines);
  }

  public int events() {
    return events;
  }

  public int bytes() {
    return input.length;
  }

  @Benchmark
  public ParserPeers.Result ssekit() throws Exception {
    return ParserPeers.ssekit(input);
  }

  @Benchmark
  public ParserPeers.Result okhttpSse() throws Exception {
    return ParserPeers.okhttpSse(input);
  }

  @Benchmark
  public ParserPeers.Result launchDarkly() throws Exception {
    return ParserPeers.launchDarkly(input, events);
  }
}
