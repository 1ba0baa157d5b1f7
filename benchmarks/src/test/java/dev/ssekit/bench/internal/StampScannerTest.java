package dev.ssekit.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StampScannerTest {

  /** Chunked hub bytes: headers, a connected event (its "timestamp" is no stamp), events, a heartbeat. */
  private static byte[] stream(long... stamps) {
    StringBuilder sb = new StringBuilder("HTTP/1.1 200 OK\r\nTransfer-encoding: chunked\r\n\r\n");
    chunk(sb, "event: connected\nretry: 3000\ndata: {\"client_id\":\"c-1\",\"timestamp\":1795627660006}\n\n");
    int seq = 0;
    for (long t : stamps) {
      String frame = "id: abc-" + (++seq) + "\ndata: " + Commands.payload(t, 100) + "\n\n";
      chunk(sb, frame);
      if (seq % 2 == 0) {
        chunk(sb, "event: heartbeat\ndata: {\"timestamp\":17956276}\n\n");
      }
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** One chunk holding {@code text} (ASCII). */
  private static void chunk(StringBuilder sb, String text) {
    sb.append(Integer.toHexString(text.length())).append("\r\n").append(text).append("\r\n");
  }

  private static List<Long> scanInPieces(byte[] bytes, int... cuts) {
    StampScanner scanner = new StampScanner();
    List<Long> found = new ArrayList<>();
    int from = 0;
    int[] ends = Arrays.copyOf(cuts, cuts.length + 1);
    ends[cuts.length] = bytes.length;
    for (int end : ends) {
      byte[] read = Arrays.copyOfRange(bytes, from, end);
      int n = scanner.scan(read, read.length, found::add);
      assertThat(n).isLessThanOrEqualTo(found.size());
      from = end;
    }
    return found;
  }

  @Test
  void findsEachStampOnceWhereverOneReadEndsAndTheNextBegins() {
    long[] stamps = {1L, 987_654_321L, Long.MAX_VALUE / 2, 42L};
    byte[] bytes = stream(stamps);
    List<Long> expected = new ArrayList<>();
    for (long t : stamps) {
      expected.add(t);
    }
    for (int cut = 0; cut <= bytes.length; cut++) {
      assertThat(scanInPieces(bytes, cut)).as("cut at %d", cut).isEqualTo(expected);
    }
  }

  @Test
  void findsEachStampOnceInReadsOfOneByteAndOfRandomSizes() {
    long[] stamps = new long[50];
    for (int i = 0; i < stamps.length; i++) {
      stamps[i] = 1_000_000_000L + i * 7_919L;
    }
    byte[] bytes = stream(stamps);
    int[] oneByte = new int[bytes.length - 1];
    for (int i = 0; i < oneByte.length; i++) {
      oneByte[i] = i + 1;
    }
    assertThat(scanInPieces(bytes, oneByte)).hasSize(stamps.length);
    Random random = new Random(5);
    for (int round = 0; round < 100; round++) {
      List<Integer> cuts = new ArrayList<>();
      for (int at = random.nextInt(40); at < bytes.length; at += 1 + random.nextInt(300)) {
        cuts.add(at);
      }
      int[] c = cuts.stream().mapToInt(Integer::intValue).toArray();
      List<Long> found = scanInPieces(bytes, c);
      assertThat(found).hasSize(stamps.length);
      assertThat(found.get(49)).isEqualTo(stamps[49]);
    }
  }

  @Test
  void findsEachStampWholeWhenTheServerCutsAChunkInsideIt() {
    // The hub and the bare baseline cut chunks where their buffer fills, so a chunk line can fall inside an
    // event, even between two digits of its stamp: "t":12<CRLF>size<CRLF>34 is one stamp, 1234.
    long[] stamps = new long[30];
    StringBuilder events = new StringBuilder();
    for (int i = 0; i < stamps.length; i++) {
      stamps[i] = 1_795_627_660_006_000_000L + i * 1_000_003L;
      events.append("id: abc-").append(i).append("\ndata: ").append(Commands.payload(stamps[i], 100)).append("\n\n");
    }
    byte[] body = events.toString().getBytes(StandardCharsets.UTF_8);
    List<Long> expected = new ArrayList<>();
    for (long t : stamps) {
      expected.add(t);
    }
    Random random = new Random(11);
    for (int chunk = 1; chunk <= 160; chunk++) {
      byte[] response = ChunkedBodyTest.chunked(body, "", chunk);
      int[] cuts = random.ints(20, 0, response.length).sorted().toArray();
      assertThat(scanInPieces(response, cuts)).as("chunks of %d bytes", chunk).isEqualTo(expected);
    }
  }

  @Test
  void findsNothingInAStreamWithoutStampsAndKeepsAtMostATailOfBytes() {
    byte[] noise = new byte[100_000];
    new Random(1).nextBytes(noise);
    for (int i = 0; i < noise.length; i++) {
      if (noise[i] == '"') {
        noise[i] = 'x';
      }
    }
    StampScanner scanner = new StampScanner();
    assertThat(scanner.scan(noise, noise.length, t -> { })).isZero();
    assertThat(scanner.scan(new byte[0], 0, t -> { })).isZero();
  }
}
