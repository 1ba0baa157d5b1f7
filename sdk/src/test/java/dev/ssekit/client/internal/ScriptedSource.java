package dev.ssekit.client.internal;

import java.util.Arrays;
import okio.Buffer;
import okio.Source;
import okio.Timeout;

/**
 * A network stand-in that hands out a stream in scripted reads, never more than one piece per read. Every
 * read is a moment where a real socket could block, so before answering it reports how many bytes the
 * parser had already been given: at that moment the parser must have handed over everything those bytes
 * complete.
 */
final class ScriptedSource implements Source {

  /** Called at every read, before it is answered. */
  interface ReadObserver {
    void beforeRead(int bytesGivenSoFar);
  }

  private final byte[] stream;
  private final int[] ends;
  private final ReadObserver observer;
  private int piece;
  private int given;

  /**
   * @param splits the offsets where one read ends and the next begins (ascending, inside the stream)
   */
  ScriptedSource(byte[] stream, int[] splits, ReadObserver observer) {
    this.stream = stream;
    this.ends = Arrays.copyOf(splits, splits.length + 1);
    this.ends[splits.length] = stream.length;
    this.observer = observer;
  }

  /** Reads of at most {@code chunk} bytes each. */
  static int[] every(int length, int chunk) {
    int[] splits = new int[Math.max(0, (length - 1) / chunk)];
    for (int i = 0; i < splits.length; i++) {
      splits[i] = (i + 1) * chunk;
    }
    return splits;
  }

  @Override
  public long read(Buffer sink, long byteCount) {
    observer.beforeRead(given);
    while (piece < ends.length && ends[piece] <= given) {
      piece++; // empty pieces (repeated or zero offsets) are skipped
    }
    if (piece == ends.length) {
      return -1;
    }
    int n = (int) Math.min(byteCount, ends[piece] - given);
    sink.write(stream, given, n);
    given += n;
    return n;
  }

  @Override
  public Timeout timeout() {
    return Timeout.NONE;
  }

  @Override
  public void close() {}
}
