package dev.ssekit.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkedBodyTest {

  private static final String HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
      + "Transfer-Encoding: chunked\r\n\r\n";

  /** A chunked response carrying {@code body} in chunks of the given sizes (in turn), then the last chunk. */
  static byte[] chunked(byte[] body, String extension, int... chunkSizes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(HEAD.getBytes(StandardCharsets.US_ASCII));
    int from = 0;
    for (int k = 0; from < body.length; k++) {
      int size = Math.min(chunkSizes[k % chunkSizes.length], body.length - from);
      out.writeBytes((Integer.toHexString(size) + extension + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body, from, size);
      out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      from += size;
    }
    out.writeBytes(("0" + extension + "\r\nX-Trailer: not body\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  /** Decodes the response in reads that end at the given cuts (and at its end). */
  static byte[] decodeInReads(byte[] response, int... cuts) {
    ChunkedBody decoder = new ChunkedBody();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int from = 0;
    int[] ends = Arrays.copyOf(cuts, cuts.length + 1);
    ends[cuts.length] = response.length;
    for (int end : ends) {
      byte[] read = Arrays.copyOfRange(response, from, end);
      int n = decoder.decode(read, read.length);
      body.write(read, 0, n);
      from = end;
    }
    return body.toByteArray();
  }

  private static byte[] body() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      sb.append("id: r-").append(i).append("\ndata: {\"t\":").append(1_000_000_007L * i).append(",\"x\":\"é ✓\"}\n\n");
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theBodyComesOutWholeWhateverTheChunkSizesAndWhereverAReadEnds() {
    byte[] body = body();
    for (int chunk : new int[] {1, 2, 3, 5, 16, 17, 100, 4096}) {
      byte[] response = chunked(body, "", chunk, chunk + 3);
      for (int cut = 0; cut <= response.length; cut += 1 + cut % 7) {
        assertThat(decodeInReads(response, cut)).as("chunks of %d, cut at %d", chunk, cut).isEqualTo(body);
      }
      Random random = new Random(chunk);
      for (int round = 0; round < 20; round++) {
        int[] cuts = random.ints(30, 0, response.length).sorted().toArray();
        assertThat(decodeInReads(response, cuts)).isEqualTo(body);
      }
    }
  }

  @Test
  void chunkExtensionsAndTrailersAreNotBody() {
    byte[] body = body();
    byte[] response = chunked(body, ";name=abcdef", 33);
    assertThat(decodeInReads(response, 10, 200, 201, 202)).isEqualTo(body);
  }

  @Test
  void aResponseThatIsNotChunkedPassesItsBodyThrough() {
    byte[] body = body();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(body);
    assertThat(decodeInReads(out.toByteArray(), 5, 37, 38, 39, 500)).isEqualTo(body);
  }
}
