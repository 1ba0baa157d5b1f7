package dev.ssekit.client.internal;

import java.io.IOException;
import okio.Buffer;
import okio.BufferedSource;
import okio.ByteString;

/**
 * The event-stream parser, following the WHATWG HTML rules for "interpreting an event stream" to the letter:
 * one leading BOM is dropped (even split across reads); lines end with CR, LF or CRLF (also split across
 * reads); a line starting with a colon is a comment; a field with no colon has an empty value; one leading
 * space of a value is dropped; an {@code id} containing NUL is ignored; {@code retry} counts only when it is
 * all ASCII digits (and fits in a long); an event with empty data is not dispatched, but its block still sets
 * the last event id; an unfinished event at end of stream is discarded.
 *
 * <p>Field names are matched on bytes in Okio's buffer and {@code data:} values are moved, not copied, into
 * one buffer per event that is decoded once at dispatch. Not thread-safe: one reader thread drives it.
 */
public final class EventStreamParser {

  /** Receives what the stream says, on the reader thread. An exception stops the reading. */
  public interface Handler {
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
  }

  private static final ByteString LINE_ENDS = ByteString.encodeUtf8("\r\n");
  private static final ByteString BOM = ByteString.decodeHex("efbbbf");
  private static final ByteString DATA = ByteString.encodeUtf8("data");
  private static final ByteString ID = ByteString.encodeUtf8("id");
  private static final ByteString EVENT = ByteString.encodeUtf8("event");
  private static final ByteString RETRY = ByteString.encodeUtf8("retry");

  private final BufferedSource source;
  private final Handler handler;
  private final boolean comments;
  private final Buffer data = new Buffer();
  private String eventType;
  /** The last event type read, and its bytes: streams repeat a few types, so the String is reused. */
  private String lastType;
  private ByteString lastTypeBytes = ByteString.EMPTY;
  private String lastEventIdBuffer;
  private boolean idInBlock;
  private boolean started;
  /** The previous line ended with CR: a LF right after it belongs to the same line end. */
  private boolean skipLf;

  /**
   * @param initialLastEventId the last event id before the stream starts (a resumed stream keeps it)
   * @param comments whether to report comment lines
   */
  public EventStreamParser(BufferedSource source, Handler handler, String initialLastEventId, boolean comments) {
    this.source = source;
    this.handler = handler;
    this.lastEventIdBuffer = initialLastEventId == null ? "" : initialLastEventId;
    this.comments = comments;
  }

  /** Reads to the end of the stream. */
  public void readAll() throws IOException {
    while (processNextLine()) {
      // each line is handled as it arrives
    }
  }

  /**
   * Reads and handles one line, blocking until it has arrived whole.
   *
   * @return false at the end of the stream (an unfinished line and event are discarded)
   */
  public boolean processNextLine() throws IOException {
    if (!started) {
      started = true;
      skipByteOrderMark();
    }
    if (skipLf) {
      skipLf = false;
      if (!source.request(1)) {
        return false;
      }
      if (source.getBuffer().getByte(0) == '\n') {
        source.skip(1);
      }
    }
    Buffer buffer = source.getBuffer();
    long end = buffer.indexOfElement(LINE_ENDS);
    if (end == -1) {
      handler.onWaiting();
      for (long scanned = buffer.size(); end == -1; scanned = buffer.size()) {
        if (!source.request(scanned + 1)) {
          return false; // end of stream inside a line: the line and its event are discarded
        }
        end = buffer.indexOfElement(LINE_ENDS, scanned);
      }
    }
    byte terminator = buffer.getByte(end);
    if (end == 0) {
      dispatch();
    } else {
      processField(end);
    }
    source.skip(1);
    skipLf = terminator == '\r';
    return true;
  }

  private void skipByteOrderMark() throws IOException {
    if (source.request(1) && source.getBuffer().getByte(0) == (byte) 0xEF
        && source.request(3) && source.rangeEquals(0, BOM)) {
      source.skip(3);
    }
  }

  /** Handles a non-empty line of {@code length} bytes at the head of the buffer, and consumes it. */
  private void processField(long length) throws IOException {
    Buffer buffer = source.getBuffer();
    if (buffer.getByte(0) == ':') {
      if (comments) {
        source.skip(1);
        handler.onComment(source.readUtf8(length - 1));
      } else {
        source.skip(length);
      }
      return;
    }
    long colon = buffer.indexOf((byte) ':', 0, length);
    long nameLength = colon == -1 ? length : colon;
    long valueStart = colon == -1 ? length : colon + 1;
    if (valueStart < length && buffer.getByte(valueStart) == ' ') {
      valueStart++;
    }
    long valueLength = length - valueStart;
    if (isField(buffer, nameLength, DATA)) {
      source.skip(valueStart);
      data.write(buffer, valueLength);
      data.writeByte('\n');
    } else if (isField(buffer, nameLength, ID)) {
      source.skip(valueStart);
      String id = source.readUtf8(valueLength);
      if (id.indexOf('\0') < 0) {
        lastEventIdBuffer = id;
        idInBlock = true;
      }
    } else if (isField(buffer, nameLength, EVENT)) {
      if (lastType != null && valueLength == lastTypeBytes.size() && buffer.rangeEquals(valueStart, lastTypeBytes)) {
        source.skip(length);
        eventType = lastType;
      } else {
        source.skip(valueStart);
        lastTypeBytes = source.readByteString(valueLength);
        lastType = lastTypeBytes.utf8();
        eventType = lastType;
      }
    } else if (isField(buffer, nameLength, RETRY)) {
      long millis = digits(buffer, valueStart, valueLength);
      source.skip(length);
      if (millis >= 0) {
        handler.onRetry(millis);
      }
    } else {
      source.skip(length);
    }
  }

  private static boolean isField(Buffer buffer, long nameLength, ByteString name) {
    return nameLength == name.size() && buffer.rangeEquals(0, name);
  }

  /** The value as a number if it is all ASCII digits and fits in a long, else -1. */
  private static long digits(Buffer buffer, long start, long length) {
    if (length == 0) {
      return -1;
    }
    long value = 0;
    for (long i = start; i < start + length; i++) {
      byte b = buffer.getByte(i);
      if (b < '0' || b > '9') {
        return -1;
      }
      if (value > (Long.MAX_VALUE - (b - '0')) / 10) {
        return -1;
      }
      value = value * 10 + (b - '0');
    }
    return value;
  }

  private void dispatch() throws IOException {
    String lastEventId = lastEventIdBuffer;
    boolean hadId = idInBlock;
    idInBlock = false;
    String type = eventType;
    eventType = null;
    if (data.size() == 0) {
      if (hadId) {
        handler.onIdOnly(lastEventId);
      }
      return;
    }
    String text = data.readUtf8(data.size() - 1);
    data.skip(1);
    handler.onEvent(lastEventId, hadId, type == null || type.isEmpty() ? "message" : type, text);
  }
}
