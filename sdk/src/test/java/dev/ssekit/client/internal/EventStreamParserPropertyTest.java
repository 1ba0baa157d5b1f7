package dev.ssekit.client.internal;

import static dev.ssekit.client.internal.EventStreamParserHandOverTest.parseCheckingEveryRead;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random streams (fixed seeds, bounded counts) built from the pieces the WHATWG rules care about: every line
 * end mixed freely, a BOM or not, comments, fields with and without a colon or a space, near-miss field names,
 * NUL in ids, non-digits in retry, multi-byte and invalid UTF-8, blank lines, an unfinished last line. Read in
 * one piece, byte by byte and split at random points, each must give exactly what the reference algorithm in
 * {@link WhatwgReference} gives, and at every read everything the bytes so far complete must have been
 * handed over.
 */
class EventStreamParserPropertyTest {

  private static final String[] NAMES = {"data", "data", "data", "id", "id", "event", "retry", "", "dat", "datas",
      "ID", "Data", "data ", " data", "ev\u00e9nt", "idx"};
  private static final String[] EOLS = {"\n", "\r", "\r\n"};
  private static final String[] PIECES = {"a", "b", "7", "0", " ", ":", "\u00e9", "\u20ac", "\uD83D\uDE00", "\u0000",
      "\uFEFF", "data", "id"};
  private static final byte[][] INVALID = {{(byte) 0xFF}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
      {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}};

  static byte[] randomStream(Random random, int maxLines, int maxValue) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (random.nextInt(5) == 0) {
      write(out, "\uFEFF");
    }
    int lines = random.nextInt(maxLines + 1);
    for (int l = 0; l < lines; l++) {
      int kind = random.nextInt(10);
      if (kind < 3) {
        // a blank line: dispatch
      } else if (kind == 3) {
        write(out, ":");
        value(random, out, maxValue);
      } else {
        String name = NAMES[random.nextInt(NAMES.length)];
        write(out, name);
        int separator = random.nextInt(10);
        if (separator > 0) {
          write(out, separator < 6 ? ": " : separator < 9 ? ":" : ":  ");
          if (name.equals("retry") && random.nextBoolean()) {
            write(out, Long.toString(random.nextInt(3) == 0 ? random.nextLong() : random.nextInt(100_000)));
          } else {
            value(random, out, maxValue);
          }
        }
      }
      if (l < lines - 1 || random.nextInt(4) > 0) {
        write(out, EOLS[random.nextInt(EOLS.length)]); // sometimes the last line is left unfinished
      }
    }
    return out.toByteArray();
  }

  private static void value(Random random, ByteArrayOutputStream out, int maxValue) {
    int length = random.nextInt(maxValue + 1);
    if (length > 64) {
      char[] filler = new char[length];
      Arrays.fill(filler, (char) ('a' + random.nextInt(26)));
      write(out, new String(filler));
      return;
    }
    for (int i = 0; i < length; i++) {
      if (random.nextInt(30) == 0) {
        byte[] bad = INVALID[random.nextInt(INVALID.length)];
        out.write(bad, 0, bad.length);
      } else {
        write(out, PIECES[random.nextInt(PIECES.length)]);
      }
    }
  }

  private static void write(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.write(b, 0, b.length);
  }

  static int[] randomSplits(Random random, int length, int maxPiece) {
    int[] splits = new int[length];
    int count = 0;
    for (int at = 1 + random.nextInt(maxPiece); at < length; at += 1 + random.nextInt(maxPiece)) {
      splits[count++] = at;
    }
    return Arrays.copyOf(splits, count);
  }

  private static final String[] INITIAL_IDS = {null, "", "resumed-1"};

  @ParameterizedTest
  @ValueSource(longs = {1L, 2L, 3L, 4L})
  void randomStreamsParseLikeTheReferenceHoweverTheyAreSplit(long seed) throws IOException {
    Random random = new Random(seed);
    for (int n = 0; n < 400; n++) {
      byte[] stream = randomStream(random, 24, 8);
      String initialId = INITIAL_IDS[random.nextInt(INITIAL_IDS.length)];
      List<String> whole = parseCheckingEveryRead(stream, new int[0], initialId);
      assertThat(parseCheckingEveryRead(stream, ScriptedSource.every(stream.length, 1), initialId)).isEqualTo(whole);
      for (int k = 0; k < 3; k++) {
        assertThat(parseCheckingEveryRead(stream, randomSplits(random, stream.length, 1 + random.nextInt(12)), initialId))
            .isEqualTo(whole);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {11L, 12L})
  void randomStreamsWithLinesLongerThanOneReadParseLikeTheReference(long seed) throws IOException {
    Random random = new Random(seed);
    for (int n = 0; n < 12; n++) {
      byte[] stream = randomStream(random, 16, 30_000);
      String initialId = INITIAL_IDS[random.nextInt(INITIAL_IDS.length)];
      List<String> whole = parseCheckingEveryRead(stream, new int[0], initialId);
      for (int k = 0; k < 3; k++) {
        assertThat(parseCheckingEveryRead(stream, randomSplits(random, stream.length, 1 + random.nextInt(20_000)), initialId))
            .isEqualTo(whole);
      }
    }
  }
}
