package dev.ssekit.bench.internal;

import java.util.Locale;

/**
 * Turns one HTTP/1.1 response, as it arrives in reads of any size, into its body bytes: skips the head and,
 * when the head says {@code Transfer-Encoding: chunked}, removes the chunk-size lines and the CRLF after each
 * chunk. The servers measured here cut their output into chunks wherever their buffer fills, so a chunk line
 * can fall in the middle of an event, even inside a stamp's digits; scanning the raw bytes would then read a
 * wrong stamp or miss one. One per response; not thread-safe.
 */
final class ChunkedBody {

  private static final int HEAD = 0;
  private static final int SIZE = 1;
  private static final int DATA = 2;
  private static final int DATA_END = 3;
  private static final int PLAIN = 4;
  private static final int DONE = 5;
  /** A head longer than this is not one the servers here send; it is dropped, not kept. */
  private static final int MAX_HEAD = 16 * 1024;

  private int state = HEAD;
  private final StringBuilder head = new StringBuilder();
  private int headEnd;
  private long size;
  private boolean sizeDigits;
  private boolean extension;
  private long remaining;

  /**
   * Decodes {@code data[0..n)} in place: the body bytes it holds are moved to the front of {@code data}, in
   * order. Returns how many there are.
   */
  int decode(byte[] data, int n) {
    int out = 0;
    int i = 0;
    while (i < n) {
      switch (state) {
        case HEAD -> i = head(data, i, n);
        case SIZE -> i = size(data, i);
        case DATA -> {
          int take = (int) Math.min(remaining, n - i);
          System.arraycopy(data, i, data, out, take);
          out += take;
          i += take;
          remaining -= take;
          if (remaining == 0) {
            state = DATA_END;
          }
        }
        case DATA_END -> {
          if (data[i++] == '\n') {
            state = SIZE;
          }
        }
        case PLAIN -> {
          System.arraycopy(data, i, data, out, n - i);
          out += n - i;
          i = n;
        }
        default -> i = n; // DONE: the last chunk was read; trailers are not body
      }
    }
    return out;
  }

  private int head(byte[] data, int i, int n) {
    while (i < n) {
      byte b = data[i++];
      if (head.length() < MAX_HEAD) {
        head.append((char) (b & 0xff));
      }
      headEnd = b == "\r\n\r\n".charAt(headEnd) ? headEnd + 1 : b == '\r' ? 1 : 0;
      if (headEnd == 4) {
        String lower = head.toString().toLowerCase(Locale.ROOT);
        state = lower.matches("(?s).*\r\ntransfer-encoding:[ \t]*chunked[ \t]*\r\n.*") ? SIZE : PLAIN;
        head.setLength(0);
        return i;
      }
    }
    return i;
  }

  private int size(byte[] data, int i) {
    byte b = data[i++];
    int digit = extension ? -1 : Character.digit(b, 16);
    if (digit >= 0) {
      size = size * 16 + digit;
      sizeDigits = true;
    } else if (b == ';') {
      extension = true;
    } else if (b == '\n' && sizeDigits) {
      if (size == 0) {
        state = DONE;
      } else {
        remaining = size;
        state = DATA;
      }
      size = 0;
      sizeDigits = false;
      extension = false;
    }
    return i;
  }
}
