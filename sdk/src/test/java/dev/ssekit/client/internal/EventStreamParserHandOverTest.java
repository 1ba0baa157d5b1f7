package dev.ssekit.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import okio.Okio;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * WHATWG: a block is dispatched when its blank line is read, whatever ends that line (CR, LF or CRLF). The
 * parser must therefore hand over everything a read completed before it asks the network for more: never
 * hold an event until the next byte, never lose the last one. Checked at every read, for every line end and
 * every way of splitting the stream into reads.
 */
class EventStreamParserHandOverTest {

  /**
   * Parses {@code stream} in reads ending at {@code splits}, checking at every read that what was handed over
   * is exactly what the bytes given so far complete; returns what was handed over in the end.
   */
  static List<String> parseCheckingEveryRead(byte[] stream, int[] splits, String initialLastEventId)
      throws IOException {
    RecordingHandler handler = new RecordingHandler();
    ScriptedSource source = new ScriptedSource(stream, splits, given -> {
      List<String> expected = WhatwgReference.parse(Arrays.copyOf(stream, given), initialLastEventId);
      if (!handler.handedOver.equals(expected)) {
        throw new AssertionError("waiting for the network after " + given + " bytes of "
            + printable(stream) + " (reads end at " + Arrays.toString(splits) + "): handed over "
            + handler.handedOver + ", expected " + expected);
      }
    });
    new EventStreamParser(Okio.buffer(source), handler, initialLastEventId, true).readAll();
    assertThat(handler.pending).as("told but never handed over").isEmpty();
    assertThat(handler.handedOver).isEqualTo(WhatwgReference.parse(stream, initialLastEventId));
    return handler.handedOver;
  }

  static String printable(byte[] stream) {
    return new String(stream, StandardCharsets.UTF_8).replace("\r", "\\r").replace("\n", "\\n");
  }

  private static byte[] stream(String eol) {
    String s = "id: 1" + eol + "event: e" + eol + "data: x" + eol + eol
        + ":c" + eol + "data: y" + eol + "data: z" + eol + eol
        + "id: 2" + eol + eol
        + "retry: 5" + eol + "data:" + eol + eol;
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String eol(String name) {
    return name.equals("LF") ? "\n" : name.equals("CR") ? "\r" : "\r\n";
  }

  @ParameterizedTest
  @ValueSource(strings = {"LF", "CR", "CRLF"})
  void handsOverEachBlockBeforeWaitingForTheNextByteWhateverTheSplit(String eolName) throws IOException {
    byte[] stream = stream(eol(eolName));
    List<String> whole = parseCheckingEveryRead(stream, new int[0], null);
    assertThat(whole).containsExactly("event id=1 type=e data=x", "comment c", "event id=1(inherited) type=message data=y\nz",
        "id 2", "retry 5", "event id=2(inherited) type=message data=");
    for (int a = 1; a < stream.length; a++) {
      assertThat(parseCheckingEveryRead(stream, new int[] {a}, null)).isEqualTo(whole);
      for (int b = a + 1; b < stream.length; b++) {
        assertThat(parseCheckingEveryRead(stream, new int[] {a, b}, null)).isEqualTo(whole);
      }
    }
    assertThat(parseCheckingEveryRead(stream, ScriptedSource.every(stream.length, 1), null)).isEqualTo(whole);
  }

  @ParameterizedTest
  @ValueSource(strings = {"LF", "CR", "CRLF"})
  void theLastBlockOfAStreamIsHandedOverWhenTheStreamEndsRightAfterIt(String eolName) throws IOException {
    String eol = eol(eolName);
    byte[] stream = ("data: only" + eol + eol).getBytes(StandardCharsets.UTF_8);
    assertThat(parseCheckingEveryRead(stream, new int[0], null))
        .containsExactly("event id=(inherited) type=message data=only");
    byte[] idOnly = ("id: last" + eol + eol).getBytes(StandardCharsets.UTF_8);
    assertThat(parseCheckingEveryRead(idOnly, new int[0], "before")).containsExactly("id last");
  }

  @ParameterizedTest
  @ValueSource(strings = {"LF", "CR", "CRLF"})
  void aCrEndingOneReadAndALfStartingTheNextAreOneLineEnd(String eolName) throws IOException {
    byte[] stream = ("data: a\r\ndata: b\r\n" + eol(eolName) + "data: c\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    for (int split = 1; split < stream.length; split++) {
      assertThat(parseCheckingEveryRead(stream, new int[] {split}, null))
          .containsExactly("event id=(inherited) type=message data=a\nb", "event id=(inherited) type=message data=c");
    }
  }
}
