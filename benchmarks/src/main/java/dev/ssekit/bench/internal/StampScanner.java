package dev.ssekit.bench.internal;

import java.nio.charset.StandardCharsets;

/**
 * Finds the publisher's {@code "t":<nanos>} stamps in one stream's HTTP response as it arrives in reads of
 * any size: the head and the chunk framing are removed first ({@link ChunkedBody}), and the last few body
 * bytes of each read are kept, so a stamp split between two reads or two chunks is still found once. One per
 * stream; not thread-safe.
 */
final class StampScanner {

  /** Receives each stamp found. */
  interface Sink {
    void stamp(long nanos);
  }

  private static final byte[] STAMP = "\"t\":".getBytes(StandardCharsets.US_ASCII);
  /** The longest stamp ({@code "t":} and 19 digits, plus the byte that ends it) a read can split. */
  static final int TAIL = STAMP.length + 20;

  private final ChunkedBody body = new ChunkedBody();
  private final byte[] tail = new byte[TAIL];
  private int tailLength;

  /**
   * Scans the response bytes {@code data[0..n)} after what the previous reads left; returns how many stamps
   * it found. Decodes in place: {@code data} is overwritten.
   */
  int scan(byte[] data, int read, Sink sink) {
    int n = body.decode(data, read);
    byte[] region;
    int length;
    if (tailLength == 0) {
      region = data;
      length = n;
    } else {
      region = new byte[tailLength + n];
      System.arraycopy(tail, 0, region, 0, tailLength);
      System.arraycopy(data, 0, region, tailLength, n);
      length = region.length;
    }
    int resumeAt = 0;
    int found = 0;
    int i = 0;
    outer:
    while (i <= length - STAMP.length) {
      for (int k = 0; k < STAMP.length; k++) {
        if (region[i + k] != STAMP[k]) {
          i++;
          continue outer;
        }
      }
      int j = i + STAMP.length;
      long t = 0;
      while (j < length && region[j] >= '0' && region[j] <= '9') {
        t = t * 10 + (region[j] - '0');
        j++;
      }
      if (j == length) {
        break; // the number may go on in the next read: keep it from its start
      }
      sink.stamp(t);
      found++;
      i = j;
      resumeAt = j;
    }
    // Keep everything from the first byte that may begin an unfinished stamp, at most TAIL bytes.
    int keepFrom = Math.max(resumeAt, Math.min(i, length - Math.min(length, STAMP.length - 1)));
    keepFrom = Math.max(keepFrom, length - TAIL);
    tailLength = length - keepFrom;
    System.arraycopy(region, keepFrom, tail, 0, tailLength);
    return found;
  }
}
