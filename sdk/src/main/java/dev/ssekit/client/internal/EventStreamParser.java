package dev.ssekit.client.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import okio.Buffer;
import okio.BufferedSource;

/**
 * The event-stream parser, following the WHATWG HTML rules for "interpreting an event stream" to the letter:
 * one leading BOM is dropped (even split across reads); lines end with CR, LF or CRLF (a CRLF split across
 * reads is still one line end); a line starting with a colon is a comment; a field with no colon has an empty
 * value; one leading space of a value is dropped; an {@code id} containing NUL is ignored; {@code retry}
 * counts only when it is all ASCII digits (and fits in a long); an event with empty data is not dispatched,
 * but its block still sets the last event id ({@code data:} with an empty value is data, and is dispatched
 * as ""); an unfinished event at end of stream is discarded.
 *
 * <p>A block is dispatched as soon as its blank line has been read, whatever ends that line: the parser
 * never waits for the byte after a CR, and it calls {@link Handler#onWaiting()} before every read that may
 * block, so whatever it has told the handler can be handed on before the network is waited for.
 *
 * <p>Speed: bytes are copied from the source in bulk into one array, where line ends are looked for eight
 * bytes at a time; field names are matched byte by byte in place; a one-line {@code data:} value is decoded
 * straight from that array (several lines are joined in a second, reused array), and each value is decoded
 * once. Event types repeat, so the last type's String is reused while the bytes match. Not thread-safe: one
 * reader thread drives it.
 *
 * <p>Memory is bounded by {@code maxEventSize}: the bytes of one event's lines together (line ends not
 * counted), and of any one line. A line or event that would pass it is skipped whole, without being buffered,
 * up to the blank line that ends its block: its fields (its {@code id:} too) are as if never sent, and the
 * handler hears {@link Handler#onEventTooLarge} once per skipped block. So the parser holds at most about
 * twice {@code maxEventSize} whatever the stream sends.
 */
final class EventStreamParser {

  /** Receives what the stream says, on the reader thread. An exception stops the reading. */
  interface Handler {
    /**
     * An event was dispatched.
     *
     * @param lastEventId the last event id after this block (it persists across blocks, so it may come from
     *     an earlier one)
     * @param idInBlock whether this block itself had a valid {@code id:} field
     */
    void onEvent(String lastEventId, boolean idInBlock, String type, String data) throws IOException;

    /** A block with an {@code id:} field but no data reached its blank line: the last event id changed. */
    void onIdOnly(String lastEventId) throws IOException;

    /** A comment line, without its leading colon. Only when comments were asked for. */
    void onComment(String comment) throws IOException;

    /** A valid {@code retry:} field, in milliseconds. */
    void onRetry(long millis) throws IOException;

    /** Everything buffered has been handled; the next read will wait for the network. */
    void onWaiting() throws IOException;

    /**
     * A block grew past {@code maxEventSize} bytes: it is being skipped up to its blank line, and nothing of
     * it (not even its id) is dispatched.
     */
    default void onEventTooLarge(int maxEventSize) throws IOException {}
  }

  /** The default bound on one event (and one line): 1 MiB. */
  static final int DEFAULT_MAX_EVENT_SIZE = 1024 * 1024;

  private static final Charset UTF_8 = StandardCharsets.UTF_8;
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
  /** The smallest read into {@link #bytes}, which starts at (and shrinks back to) twice this. */
  private static final int READ_SIZE = 8192;
  /** Arrays grown past this for one huge line or event are dropped once it has been handled. */
  private static final int KEEP_LIMIT = 64 * 1024;
  /** The largest array a JVM reliably allocates. */
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  private final BufferedSource source;
  private final Handler handler;
  private final boolean comments;
  private final int maxEventSize;

  /** Read from the source and not yet consumed: [{@link #pos}, {@link #limit}). */
  private byte[] bytes = new byte[2 * READ_SIZE];
  /** {@link #bytes} read eight at a time, first byte lowest, to look for line ends a word at a time. */
  private ByteBuffer words = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  private int pos;
  private int limit;
  /** Where the search for the current line's end resumes: the bytes before it hold no CR or LF. */
  private int scan;
  private boolean exhausted;
  /** The first byte of the source's buffer is already in {@link #bytes}: the next fill consumes it. */
  private boolean holding;
  /** The previous line ended with CR: a LF right after it (maybe in a later read) belongs to that line end. */
  private boolean skipLf;
  private boolean firstLine = true;

  /** The block's only {@code data:} value so far, still in {@link #bytes}: its offset, or -1. */
  private int inlineData = -1;
  private int inlineDataLength;
  /** The block's data lines joined with LF (each followed by one), once there is more than one. */
  private byte[] data = new byte[256];
  private int dataLength;
  private String eventType;
  /** The last event type read, and its bytes: streams repeat a few types, so the String is reused. */
  private String lastType;
  private byte[] lastTypeBytes = new byte[0];
  private String lastEventIdBuffer;
  private boolean idInBlock;
  /** The last event id when the current block started: a skipped block leaves it as it was. */
  private String blockStartId;
  /** The bytes of the current block's field lines so far, line ends not counted. */
  private long blockBytes;
  /** The current block is too large: its lines are dropped up to its blank line. */
  private boolean skipping;
  /** The bytes of an unfinished line were dropped: its line end, when it comes, ends no block. */
  private boolean inDroppedLine;

  /**
   * @param initialLastEventId the last event id before the stream starts (a resumed stream keeps it)
   * @param comments whether to report comment lines
   */
  EventStreamParser(BufferedSource source, Handler handler, String initialLastEventId, boolean comments) {
    this(source, handler, initialLastEventId, comments, DEFAULT_MAX_EVENT_SIZE);
  }

  /**
   * @param maxEventSize the most bytes one event's lines (and any one line) may have; larger ones are skipped
   */
  EventStreamParser(BufferedSource source, Handler handler, String initialLastEventId, boolean comments,
      int maxEventSize) {
    if (maxEventSize < 1) {
      throw new IllegalArgumentException("maxEventSize must be >= 1, was " + maxEventSize);
    }
    this.source = source;
    this.handler = handler;
    this.lastEventIdBuffer = initialLastEventId == null ? "" : initialLastEventId;
    this.blockStartId = lastEventIdBuffer;
    this.comments = comments;
    this.maxEventSize = maxEventSize;
  }

  /** No complete line within this many nanoseconds ends the reading with a timeout; 0 for no limit. */
  private long lineTimeoutNanos;
  /** When the watchdog last saw progress: a read after complete lines were handled. */
  private long progressNanos;
  /** A line was handled since the last read. */
  private boolean lineSinceRead;

  /**
   * A watchdog that counts lines, not bytes: from now on, a complete line must arrive within {@code timeout}
   * of the one before, else the read fails with an {@code InterruptedIOException} (a server that trickles the
   * bytes of a line that never ends is silence too). The clock restarts at the read after each line, so the time
   * the handler takes (callbacks run inline, or a wait for room in the hand-off) is not silence. Each read is
   * given what is left as its timeout: a clock reading per read, none per line.
   */
  void watchLines(long timeout, java.util.concurrent.TimeUnit unit) {
    this.lineTimeoutNanos = unit.toNanos(timeout);
    this.progressNanos = System.nanoTime();
  }

  /** Reads to the end of the stream. */
  void readAll() throws IOException {
    while (processNextLine()) {
      // each line is handled as it arrives
    }
  }

  /**
   * Reads and handles one line, blocking until it has arrived whole.
   *
   * @return false at the end of the stream (an unfinished line and event are discarded)
   */
  boolean processNextLine() throws IOException {
    int end = lineEnd();
    if (end < 0) {
      return false;
    }
    int start = pos;
    pos = end + 1;
    scan = pos;
    skipLf = bytes[end] == '\r';
    handleLine(start, end);
    lineSinceRead = true;
    return true;
  }

  /** One whole line, from {@code start} to its line end at {@code end}. */
  private void handleLine(int start, int end) throws IOException {
    if (inDroppedLine) {
      inDroppedLine = false; // the end of a line whose bytes were dropped: the block goes on being skipped
      return;
    }
    if (skipping) {
      if (start == end) {
        skipping = false; // the skipped block's blank line: the next block starts clean
        blockStartId = lastEventIdBuffer;
      }
      return;
    }
    if (firstLine) {
      firstLine = false;
      if (end - start >= 3 && bomPrefix(start) == 3) {
        start += 3; // the byte order mark: a BOM is never a line end, so it is always in the first line
      }
    }
    if (start == end) {
      dispatch();
      blockBytes = 0;
      blockStartId = lastEventIdBuffer;
    } else if (bytes[start] == ':') {
      if (end - start > maxEventSize) {
        tooLarge();
      } else if (comments) {
        handler.onComment(new String(bytes, start + 1, end - start - 1, UTF_8));
      }
    } else {
      blockBytes += end - start;
      if (blockBytes > maxEventSize) {
        tooLarge();
      } else {
        processField(start, end);
      }
    }
  }

  /** The offset of the next line's CR or LF, reading as needed; -1 at the end of the stream. */
  private int lineEnd() throws IOException {
    while (true) {
      if (skipLf && pos < limit) {
        skipLf = false;
        if (bytes[pos] == '\n') {
          pos++;
        }
        if (scan < pos) {
          scan = pos;
        }
      }
      int i = scan;
      int n = limit;
      ByteBuffer words = this.words;
      for (; i + 8 <= n; i += 8) {
        long x = words.getLong(i);
        long lf = x ^ 0x0A0A0A0A0A0A0A0AL;
        long cr = x ^ 0x0D0D0D0D0D0D0D0DL;
        long found = ((lf - 0x0101010101010101L) & ~lf | (cr - 0x0101010101010101L) & ~cr) & 0x8080808080808080L;
        if (found != 0) {
          return i + (Long.numberOfTrailingZeros(found) >>> 3); // the lowest flagged byte is a true CR or LF
        }
      }
      byte[] b = bytes;
      for (; i < n; i++) {
        byte c = b[i];
        if (c == '\n' || c == '\r') {
          return i;
        }
      }
      scan = limit;
      if (inDroppedLine || unfinishedLineTooLarge()) {
        dropUnfinishedLine();
      }
      if (!fill()) {
        return -1;
      }
    }
  }

  /**
   * Whether the unfinished line at [{@link #pos}, {@link #limit}) already passes {@code maxEventSize}, counted as
   * {@link #handleLine} will count it once it ends: without a leading BOM, and a comment by its own bytes (a
   * field by the block's), so where the reads end does not change what is skipped.
   */
  private boolean unfinishedLineTooLarge() {
    int start = pos;
    if (firstLine) {
      start += bomPrefix(start);
    }
    int length = limit - start;
    if (length > 0 && bytes[start] == ':') {
      return length > maxEventSize;
    }
    return blockBytes + length > maxEventSize;
  }

  /** How many bytes from {@code start} are the BOM, or as much of it as has arrived; 0 if they are not. */
  private int bomPrefix(int start) {
    int n = Math.min(3, limit - start);
    for (int i = 0; i < n; i++) {
      if (bytes[start + i] != BOM[i]) {
        return 0;
      }
    }
    return n;
  }

  /**
   * The unfinished line would pass {@code maxEventSize}: its bytes so far are dropped (and so will the rest of
   * it be), and its block is skipped.
   */
  private void dropUnfinishedLine() throws IOException {
    firstLine = false;
    pos = limit;
    scan = limit;
    if (!inDroppedLine) {
      inDroppedLine = true;
      tooLarge();
    }
  }

  /** The current block passed {@code maxEventSize}: forget it and skip to its blank line. */
  private void tooLarge() throws IOException {
    boolean first = !skipping;
    skipping = true;
    inlineData = -1;
    dataLength = 0;
    if (data.length > KEEP_LIMIT) {
      data = new byte[256];
    }
    eventType = null;
    idInBlock = false;
    lastEventIdBuffer = blockStartId;
    blockBytes = 0;
    if (first) {
      handler.onEventTooLarge(maxEventSize);
    }
  }

  /**
   * Reads more bytes after {@link #limit}, telling the handler first if the read may block.
   *
   * <p>It copies what the source has buffered (as much as the array has room for) and, when that is all of it,
   * leaves the last byte copied in the source's buffer ({@link #holding}), consuming it only at the next fill. A
   * source buffer that is not empty has a segment the next network read can be copied into, so OkHttp does not
   * split (and so lose to Okio's pool) a socket segment at every chunk boundary: an 8 KiB array per chunk, more
   * than the events' own bytes on a stream of small events. The held byte is already parsed, so nothing waits
   * for it.
   */
  private boolean fill() throws IOException {
    if (exhausted) {
      return false;
    }
    makeRoom();
    Buffer buffer = source.getBuffer();
    int held = holding ? 1 : 0;
    if (buffer.size() == held) {
      handler.onWaiting();
    }
    if (lineTimeoutNanos > 0) {
      watch();
    }
    boolean more = source.request(held + 1L);
    if (holding) {
      buffer.skip(1);
      holding = false;
    }
    if (!more) {
      exhausted = true;
      return false;
    }
    int n = (int) Math.min(buffer.size(), bytes.length - limit);
    boolean last = n == buffer.size();
    int end = limit + (last ? n - 1 : n);
    for (int at = limit; at < end; ) {
      int read = buffer.read(bytes, at, end - at);
      if (read < 0) {
        throw new IOException("the response was closed while it was read");
      }
      at += read;
    }
    if (last) {
      if (buffer.size() == 0) {
        throw new IOException("the response was closed while it was read");
      }
      bytes[end] = buffer.getByte(0);
      holding = true;
    }
    limit += n;
    return true;
  }

  /** Before a read: restarts the watchdog's clock after lines, or fails if none came in time. */
  private void watch() throws IOException {
    long now = System.nanoTime();
    if (lineSinceRead) {
      lineSinceRead = false;
      progressNanos = now;
    }
    long left = progressNanos + lineTimeoutNanos - now;
    if (left <= 0) {
      throw new java.io.InterruptedIOException("timeout: no complete line within the read timeout");
    }
    source.timeout().timeout(left, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  /** Moves the unfinished line to the front, growing the array if it fills half of it. */
  private void makeRoom() throws IOException {
    int unread = limit - pos;
    if (unread > 0 && bytes.length - limit >= READ_SIZE) {
      return; // room enough after the unfinished line
    }
    if (inlineData >= 0) {
      keepData(); // the bytes it points at are about to move
    }
    int needed = unread + READ_SIZE;
    byte[] target = bytes;
    if (needed < 0 || needed > MAX_ARRAY) {
      throw new IOException("a line of the event stream is longer than " + (MAX_ARRAY - READ_SIZE) + " bytes");
    }
    if (needed > bytes.length) {
      target = new byte[(int) Math.min(MAX_ARRAY, Math.max(bytes.length * 2L, needed))];
    } else if (bytes.length > KEEP_LIMIT && needed <= 2 * READ_SIZE) {
      target = new byte[2 * READ_SIZE]; // a huge line was handled: do not hold on to its array
    }
    System.arraycopy(bytes, pos, target, 0, unread);
    if (target != bytes) {
      bytes = target;
      words = ByteBuffer.wrap(target).order(ByteOrder.LITTLE_ENDIAN);
    }
    scan -= pos;
    pos = 0;
    limit = unread;
  }

  /** Handles the non-empty line at [start, end). */
  private void processField(int start, int end) throws IOException {
    byte[] b = bytes;
    int colon = start;
    while (colon < end && b[colon] != ':') {
      colon++;
    }
    int nameLength = colon - start;
    int value = colon == end ? end : colon + 1;
    if (value < end && b[value] == ' ') {
      value++;
    }
    int valueLength = end - value;
    byte first = b[start];
    if (nameLength == 4 && first == 'd' && b[start + 1] == 'a' && b[start + 2] == 't' && b[start + 3] == 'a') {
      appendData(value, valueLength);
    } else if (nameLength == 2 && first == 'i' && b[start + 1] == 'd') {
      for (int i = value; i < end; i++) {
        if (b[i] == 0) {
          return; // an id with NUL is ignored
        }
      }
      lastEventIdBuffer = new String(b, value, valueLength, UTF_8);
      idInBlock = true;
    } else if (nameLength == 5 && first == 'e' && b[start + 1] == 'v' && b[start + 2] == 'e' && b[start + 3] == 'n'
        && b[start + 4] == 't') {
      eventType = type(value, valueLength);
    } else if (nameLength == 5 && first == 'r' && b[start + 1] == 'e' && b[start + 2] == 't' && b[start + 3] == 'r'
        && b[start + 4] == 'y') {
      long millis = digits(value, valueLength);
      if (millis >= 0) {
        handler.onRetry(millis);
      }
    }
    // any other field is ignored
  }

  private void appendData(int value, int length) throws IOException {
    if (inlineData < 0 && dataLength == 0) {
      inlineData = value; // the only line so far: left where it is
      inlineDataLength = length;
      return;
    }
    if (inlineData >= 0) {
      keepData();
    }
    ensureData(length + 1);
    System.arraycopy(bytes, value, data, dataLength, length);
    dataLength += length;
    data[dataLength++] = '\n';
  }

  /** Copies the one-line value out of {@link #bytes} into {@link #data}. */
  private void keepData() throws IOException {
    ensureData(inlineDataLength + 1);
    System.arraycopy(bytes, inlineData, data, dataLength, inlineDataLength);
    dataLength += inlineDataLength;
    data[dataLength++] = '\n';
    inlineData = -1;
  }

  private void ensureData(int more) throws IOException {
    int needed = dataLength + more;
    if (needed < 0 || needed > MAX_ARRAY) {
      throw new IOException("the data of one event is longer than " + MAX_ARRAY + " bytes");
    }
    if (needed > data.length) {
      byte[] grown = new byte[(int) Math.min(MAX_ARRAY, Math.max(data.length * 2L, needed))];
      System.arraycopy(data, 0, grown, 0, dataLength);
      data = grown;
    }
  }

  private String type(int value, int length) {
    byte[] last = lastTypeBytes;
    if (lastType != null && length == last.length) {
      int i = 0;
      while (i < length && bytes[value + i] == last[i]) {
        i++;
      }
      if (i == length) {
        return lastType;
      }
    }
    byte[] copy = new byte[length];
    System.arraycopy(bytes, value, copy, 0, length);
    lastTypeBytes = copy;
    lastType = new String(copy, UTF_8);
    return lastType;
  }

  /** The value as a number if it is all ASCII digits and fits in a long, else -1. */
  private long digits(int start, int length) {
    if (length == 0) {
      return -1;
    }
    long value = 0;
    for (int i = start; i < start + length; i++) {
      int d = bytes[i] - '0';
      if (d < 0 || d > 9 || value > (Long.MAX_VALUE - d) / 10) {
        return -1;
      }
      value = value * 10 + d;
    }
    return value;
  }

  private void dispatch() throws IOException {
    String lastEventId = lastEventIdBuffer;
    boolean hadId = idInBlock;
    idInBlock = false;
    String type = eventType;
    eventType = null;
    String text;
    if (inlineData >= 0) {
      text = new String(bytes, inlineData, inlineDataLength, UTF_8);
      inlineData = -1;
    } else if (dataLength > 0) {
      text = new String(data, 0, dataLength - 1, UTF_8);
      dataLength = 0;
      if (data.length > KEEP_LIMIT) {
        data = new byte[256];
      }
    } else {
      if (hadId) {
        handler.onIdOnly(lastEventId);
      }
      return;
    }
    handler.onEvent(lastEventId, hadId, type == null || type.isEmpty() ? "message" : type, text);
  }
}
