package dev.ssekit.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import okio.Buffer;
import okio.Okio;
import okio.Source;
import okio.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The size bound: a line or an event past {@code maxEventSize} bytes is skipped whole up to its blank line
 * (its id too), reported once, and the stream goes on; one at the bound is delivered. Every rule for each
 * line ending and with reads of 1, 7 and 8192 bytes.
 */
class EventStreamParserSizeLimitTest {

  private static final int MAX = 64;

  static List<Arguments> endingsAndChunks() {
    List<Arguments> out = new ArrayList<>();
    for (String eol : new String[] {"\n", "\r", "\r\n"}) {
      for (int chunk : new int[] {1, 7, 8192}) {
        out.add(Arguments.of(eol.replace("\r", "CR").replace("\n", "LF"), chunk));
      }
    }
    return out;
  }

  private static final class Chunked implements Source {
    private final Buffer bytes;
    private final int chunk;

    Chunked(byte[] input, int chunk) {
      this.bytes = new Buffer().write(input);
      this.chunk = chunk;
    }

    @Override
    public long read(Buffer sink, long byteCount) {
      if (bytes.size() == 0) {
        return -1;
      }
      long n = Math.min(Math.min(chunk, byteCount), bytes.size());
      sink.write(bytes, n);
      return n;
    }

    @Override
    public Timeout timeout() {
      return Timeout.NONE;
    }

    @Override
    public void close() {}
  }

  private static final class Calls extends ArrayList<String> implements EventStreamParser.Handler {
    @Override
    public void onEvent(String lastEventId, boolean idInBlock, String type, String data) {
      add("event id=" + lastEventId + " type=" + type + " data=" + data);
    }

    @Override
    public void onIdOnly(String lastEventId) {
      add("id " + lastEventId);
    }

    @Override
    public void onComment(String comment) {
      add("comment " + comment.length());
    }

    @Override
    public void onRetry(long millis) {
      add("retry " + millis);
    }

    @Override
    public void onWaiting() {}

    @Override
    public void onEventTooLarge(int maxEventSize) {
      add("too large " + maxEventSize);
    }
  }

  private static List<String> parse(String eolName, int chunk, String... lines) throws IOException {
    String eol = eolName.replace("CR", "\r").replace("LF", "\n");
    StringBuilder sb = new StringBuilder();
    for (String line : lines) {
      sb.append(line).append(eol);
    }
    Calls calls = new Calls();
    new EventStreamParser(Okio.buffer(new Chunked(sb.toString().getBytes(StandardCharsets.UTF_8), chunk)), calls,
        "0", true, MAX).readAll();
    return calls;
  }

  private static String repeat(String s, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(s);
    }
    return sb.toString();
  }

  @ParameterizedTest(name = "{0}, reads of {1}")
  @MethodSource("endingsAndChunks")
  void anEventOfExactlyTheBoundIsDelivered(String eol, int chunk) throws IOException {
    String data = repeat("x", MAX - "data:".length());
    assertThat(parse(eol, chunk, "data:" + data, "")).containsExactly("event id=0 type=message data=" + data);
  }

  @ParameterizedTest(name = "{0}, reads of {1}")
  @MethodSource("endingsAndChunks")
  void aLineOneBytePastTheBoundSkipsItsEventAndItsIdAndTheStreamGoesOn(String eol, int chunk) throws IOException {
    String data = repeat("x", MAX - "data:".length() + 1);
    assertThat(parse(eol, chunk, "id: 5", "event: big", "data:" + data, "id: 6", "data: after", "", "data: next", ""))
        .containsExactly("too large " + MAX, "event id=0 type=message data=next");
  }

  @ParameterizedTest(name = "{0}, reads of {1}")
  @MethodSource("endingsAndChunks")
  void manySmallLinesThatTogetherPassTheBoundAreSkippedAsOneEvent(String eol, int chunk) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("id: 9");
    for (int i = 0; i < 40; i++) {
      lines.add("data: ab");
    }
    lines.add("");
    lines.add("id: 10");
    lines.add("data: small");
    lines.add("");
    assertThat(parse(eol, chunk, lines.toArray(new String[0])))
        .containsExactly("too large " + MAX, "event id=10 type=message data=small");
  }

  @ParameterizedTest(name = "{0}, reads of {1}")
  @MethodSource("endingsAndChunks")
  void aHugeLineOfMultiByteCharactersIsSkippedWithoutBeingBuffered(String eol, int chunk) throws IOException {
    String data = repeat("é€😀", 2_000);
    assertThat(parse(eol, chunk, "data: " + data, "", "data: ok", "")).containsExactly("too large " + MAX,
        "event id=0 type=message data=ok");
  }

  @ParameterizedTest(name = "{0}, reads of {1}")
  @MethodSource("endingsAndChunks")
  void aHugeCommentIsSkippedAndTheEventsAroundItArrive(String eol, int chunk) throws IOException {
    assertThat(parse(eol, chunk, "data: a", "", ":" + repeat("c", 10 * MAX), "", "data: b", ""))
        .containsExactly("event id=0 type=message data=a", "too large " + MAX, "event id=0 type=message data=b");
  }

  @ParameterizedTest(name = "{0}, reads of {1}")
  @MethodSource("endingsAndChunks")
  void aLineThatNeverEndsIsReportedOnceAndDiscardedAtTheEndOfTheStream(String eol, int chunk) throws IOException {
    Calls calls = new Calls();
    byte[] wire = ("data: a\n\ndata: " + repeat("z", 100 * MAX)).getBytes(StandardCharsets.UTF_8);
    new EventStreamParser(Okio.buffer(new Chunked(wire, chunk)), calls, "", true, MAX).readAll();
    assertThat(calls).containsExactly("event id= type=message data=a", "too large " + MAX);
  }
  @ParameterizedTest(name = "{0}, reads of {1}")
  @MethodSource("endingsAndChunks")
  void aCommentInABlockCountsOnlyItsOwnBytesWhereverTheReadsEnd(String eol, int chunk) throws IOException {
    String data = repeat("x", MAX - "data:".length() - 10);
    String comment = ":" + repeat("c", 40); // with the data line over the bound, alone under it
    assertThat(parse(eol, chunk, "data:" + data, comment, "")).containsExactly("comment 40",
        "event id=0 type=message data=" + data);
  }

  @ParameterizedTest(name = "{0}, reads of {1}")
  @MethodSource("endingsAndChunks")
  void aLeadingByteOrderMarkIsNotCountedWhereverTheReadsEnd(String eol, int chunk) throws IOException {
    String data = repeat("x", MAX - "data:".length());
    assertThat(parse(eol, chunk, "\uFEFFdata:" + data, "")).containsExactly("event id=0 type=message data=" + data);
  }
  @ParameterizedTest
  @ValueSource(longs = {21L, 22L, 23L})
  void whatABoundedParserSkipsDoesNotDependOnWhereTheReadsEnd(long seed) throws IOException {
    Random random = new Random(seed);
    for (int n = 0; n < 400; n++) {
      byte[] stream = EventStreamParserPropertyTest.randomStream(random, 16, 24);
      int max = 4 + random.nextInt(40);
      List<String> whole = parseSplit(stream, new int[0], max);
      assertThat(parseSplit(stream, ScriptedSource.every(stream.length, 1), max))
          .as("%s bytes, max %s, read byte by byte", stream.length, max).isEqualTo(whole);
      int[] splits = EventStreamParserPropertyTest.randomSplits(random, stream.length, 1 + random.nextInt(12));
      assertThat(parseSplit(stream, splits, max)).as("max %s, reads ending at %s", max, Arrays.toString(splits))
          .isEqualTo(whole);
    }
  }

  private static List<String> parseSplit(byte[] stream, int[] splits, int max) throws IOException {
    Calls calls = new Calls();
    new EventStreamParser(Okio.buffer(new ScriptedSource(stream, splits, given -> { })), calls, "0", true, max)
        .readAll();
    return calls;
  }
}
