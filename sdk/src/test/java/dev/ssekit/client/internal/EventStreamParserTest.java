package dev.ssekit.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;
import okio.Okio;
import okio.Source;
import okio.Timeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The WHATWG event-stream rules, each also with the input split into reads of 1, 2 and 3 bytes. */
class EventStreamParserTest {

  /** A source that hands out at most {@code chunk} bytes per read, as a slow network would. */
  private static final class ChunkedSource implements Source {
    private final Buffer bytes;
    private final int chunk;

    ChunkedSource(byte[] input, int chunk) {
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

  private static class Recorder implements EventStreamParser.Handler {
    final List<String> calls = new ArrayList<>();

    @Override
    public void onEvent(String lastEventId, boolean idInBlock, String type, String data) {
      calls.add("event id=" + lastEventId + (idInBlock ? "" : "(inherited)") + " type=" + type + " data=" + data);
    }

    @Override
    public void onIdOnly(String lastEventId) {
      calls.add("id " + lastEventId);
    }

    @Override
    public void onComment(String comment) {
      calls.add("comment " + comment);
    }

    @Override
    public void onRetry(long millis) {
      calls.add("retry " + millis);
    }

    @Override
    public void onWaiting() {}
  }

  private static List<String> parse(byte[] input, int chunk) throws IOException {
    Recorder recorder = new Recorder();
    new EventStreamParser(Okio.buffer(new ChunkedSource(input, chunk)), recorder, null, true).readAll();
    return recorder.calls;
  }

  /** Parses whole and in 1-, 2- and 3-byte reads; all must agree. */
  private static List<String> parse(String input) throws IOException {
    byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
    List<String> whole = parse(bytes, Integer.MAX_VALUE);
    for (int chunk = 1; chunk <= 3; chunk++) {
      assertThat(parse(bytes, chunk)).as("in reads of %d bytes", chunk).isEqualTo(whole);
    }
    return whole;
  }

  @Test
  void dispatchesAnEventWithIdTypeAndMultiLineData() throws IOException {
    assertThat(parse("id: 1\nevent: order\ndata: a\ndata: b\n\n"))
        .containsExactly("event id=1 type=order data=a\nb");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\n", "\r", "\r\n"})
  void acceptsEveryLineEnd(String eol) throws IOException {
    String s = "id: 7" + eol + "event: e" + eol + "data: x" + eol + "data: y" + eol + eol + "data: z" + eol + eol;
    assertThat(parse(s)).containsExactly("event id=7 type=e data=x\ny", "event id=7(inherited) type=message data=z");
  }

  @Test
  void crAtTheEndOfOneReadAndLfAtTheStartOfTheNextAreOneLineEnd() throws IOException {
    byte[] input = "data: a\r\n\r\ndata: b\r\n\r\n".getBytes(StandardCharsets.UTF_8);
    Buffer first = new Buffer().write(input, 0, 8); // ends right after the first CR
    assertThat(first.snapshot().utf8()).endsWith("\r");
    assertThat(parse(input, 8)).containsExactly("event id=(inherited) type=message data=a", "event id=(inherited) type=message data=b");
  }

  @Test
  void stripsOneLeadingByteOrderMarkEvenSplitAcrossReads() throws IOException {
    assertThat(parse("\uFEFFdata: first\n\n")).containsExactly("event id=(inherited) type=message data=first");
  }

  @Test
  void onlyOneByteOrderMarkIsStripped() throws IOException {
    assertThat(parse("\uFEFF\uFEFFdata: x\n\ndata: y\n\n")).containsExactly("event id=(inherited) type=message data=y");
  }

  @Test
  void reportsCommentsAndIgnoresThemForEvents() throws IOException {
    assertThat(parse(": hello\n:\ndata: x\n: inside\n\n"))
        .containsExactly("comment  hello", "comment ", "comment  inside", "event id=(inherited) type=message data=x");
  }

  @Test
  void aFieldWithNoColonHasAnEmptyValue() throws IOException {
    assertThat(parse("data\n\n")).containsExactly("event id=(inherited) type=message data=");
    assertThat(parse("data\ndata\ndata: x\n\n")).containsExactly("event id=(inherited) type=message data=\n\nx");
    assertThat(parse("id: 5\nid\ndata: x\n\n")).containsExactly("event id= type=message data=x");
  }

  @Test
  void aDataFieldWithAnEmptyValueIsDispatchedWithEmptyData() throws IOException {
    assertThat(parse("data:\n\ndata: \n\nid: 4\ndata:\n\n")).containsExactly("event id=(inherited) type=message data=",
        "event id=(inherited) type=message data=", "event id=4 type=message data=");
  }

  @Test
  void reusesTheStringOfARepeatedEventType() throws IOException {
    List<String> types = new ArrayList<>();
    Recorder recorder = new Recorder() {
      @Override
      public void onEvent(String lastEventId, boolean idInBlock, String type, String data) {
        types.add(type);
      }
    };
    byte[] input = "event: tick\ndata: 1\n\nevent: tick\ndata: 2\n\nevent: tock\ndata: 3\n\n".getBytes(StandardCharsets.UTF_8);
    new EventStreamParser(Okio.buffer(new ChunkedSource(input, 5)), recorder, null, false).readAll();
    assertThat(types).containsExactly("tick", "tick", "tock");
    assertThat(types.get(1)).isSameAs(types.get(0));
  }

  @Test
  void removesExactlyOneLeadingSpace() throws IOException {
    assertThat(parse("data:  two\ndata:none\n\n")).containsExactly("event id=(inherited) type=message data= two\nnone");
  }

  @Test
  void ignoresAnIdContainingNul() throws IOException {
    assertThat(parse("id: 1\ndata: a\n\nid: 2\u0000x\ndata: b\n\n"))
        .containsExactly("event id=1 type=message data=a", "event id=1(inherited) type=message data=b");
  }

  @Test
  void acceptsRetryOnlyWhenAllAsciiDigits() throws IOException {
    assertThat(parse("retry: 1500\nretry: 10a\nretry:\nretry: -1\nretry:  7\nretry: 99999999999999999999999\nretry:42\n\n"))
        .containsExactly("retry 1500", "retry 42");
  }

  @Test
  void doesNotDispatchEmptyData() throws IOException {
    assertThat(parse("event: lonely\n\n: c\n\n\n\ndata: real\n\n"))
        .containsExactly("comment  c", "event id=(inherited) type=message data=real");
  }

  @Test
  void anIdOnlyBlockUpdatesTheLastEventId() throws IOException {
    assertThat(parse("data: a\n\nid: 9\n\ndata: b\n\n"))
        .containsExactly("event id=(inherited) type=message data=a", "id 9", "event id=9(inherited) type=message data=b");
  }

  @Test
  void anIdOnlyBlockAtEndOfStreamIsStillApplied() throws IOException {
    assertThat(parse("data: a\n\nid: last\n\n")).containsExactly("event id=(inherited) type=message data=a", "id last");
  }

  @Test
  void discardsAnUnfinishedEventAtEndOfStream() throws IOException {
    assertThat(parse("data: done\n\ndata: half\n")).containsExactly("event id=(inherited) type=message data=done");
    assertThat(parse("data: done\n\nid: 3\ndata: half")).containsExactly("event id=(inherited) type=message data=done");
  }

  @Test
  void emptyEventTypeMeansMessageAndTypeDoesNotCarryOver() throws IOException {
    assertThat(parse("event:\ndata: a\n\nevent: x\ndata: b\n\ndata: c\n\n"))
        .containsExactly("event id=(inherited) type=message data=a", "event id=(inherited) type=x data=b", "event id=(inherited) type=message data=c");
  }

  @Test
  void ignoresUnknownFields() throws IOException {
    assertThat(parse("foo: bar\ndat: x\ndata: y\nDATA: z\n\n")).containsExactly("event id=(inherited) type=message data=y");
  }

  @Test
  void decodesMultiByteUtf8SplitAcrossReads() throws IOException {
    assertThat(parse("data: h\u00e9llo \u20ac \uD83D\uDE00\n\n")).containsExactly("event id=(inherited) type=message data=h\u00e9llo \u20ac \uD83D\uDE00");
  }

  @Test
  void replacesInvalidUtf8WithTheReplacementCharacter() throws IOException {
    byte[] input = {'d', 'a', 't', 'a', ':', ' ', (byte) 0xFF, 'x', '\n', '\n'};
    assertThat(parse(input, 1)).containsExactly("event id=(inherited) type=message data=\uFFFDx");
  }

  @Test
  void handlesATenMegabyteEventWhenTheBoundAllowsIt() throws IOException {
    StringBuilder big = new StringBuilder(10_000_100);
    for (int i = 0; i < 10_000_000 / 50; i++) {
      big.append("0123456789abcdefghijklmnopqrstuvwxyz0123456789ABCD");
    }
    Recorder recorder = new Recorder();
    byte[] input = ("id: big\ndata: " + big + "\n\n").getBytes(StandardCharsets.UTF_8);
    new EventStreamParser(Okio.buffer(new ChunkedSource(input, 8192)), recorder, null, false, 16 << 20).readAll();
    assertThat(recorder.calls).hasSize(1);
    assertThat(recorder.calls.get(0)).hasSize("event id=big type=message data=".length() + 10_000_000);
  }

  @Test
  void keepsTheInitialLastEventIdUntilTheServerSetsOne() throws IOException {
    Recorder recorder = new Recorder();
    byte[] input = "data: a\n\n".getBytes(StandardCharsets.UTF_8);
    new EventStreamParser(Okio.buffer(new ChunkedSource(input, 100)), recorder, "resumed-3", false).readAll();
    assertThat(recorder.calls).containsExactly("event id=resumed-3(inherited) type=message data=a");
  }
}
