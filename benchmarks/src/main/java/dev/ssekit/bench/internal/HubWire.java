package dev.ssekit.bench.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The bytes the reference hub puts on the wire for a stream, written out again (format only, no hub code) so
 * the bare baseline does the same work on the wire: the JDK server's response headers in its order and case,
 * the {@code connected} event with the {@code retry:} hint, {@code id: <run>-<seq>} events, heartbeats, and
 * chunks of at most 4,096 bytes as the JDK's chunked output stream makes them. {@code WireTest} holds both
 * streams side by side.
 */
public final class HubWire {

  /** The JDK server's largest chunk. */
  static final int MAX_CHUNK = 4096;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

  private final long retryMillis;
  private final String runPrefix;

  /** The wire of one server run: a fresh random id prefix, {@code retryMillis} as the retry hint. */
  public HubWire(long retryMillis) {
    this.retryMillis = retryMillis;
    this.runPrefix = Long.toString(RANDOM.nextLong() >>> 14, 36) + "-";
  }

  /** The random run part of this server's ids, with its dash. */
  public String runPrefix() {
    return runPrefix;
  }

  /** The id of the {@code seq}-th message of a run. */
  public static String idFor(String runPrefix, long seq) {
    return runPrefix + seq;
  }

  /** A client id of the hub's form. */
  public static String newClientId() {
    return "c-" + Long.toString(RANDOM.nextLong() >>> 1, 36);
  }

  /** The status line and headers of a stream, as {@code com.sun.net.httpserver} sends the hub's. */
  public byte[] responseHeaders() {
    return ("HTTP/1.1 200 OK\r\n"
        + "X-accel-buffering: no\r\n"
        + "Access-control-expose-headers: Retry-After, WWW-Authenticate, X-Ssekit-Gap, X-Ssekit-More\r\n"
        + "Date: " + HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)) + "\r\n"
        + "Transfer-encoding: chunked\r\n"
        + "Content-type: text/event-stream; charset=utf-8\r\n"
        + "Access-control-allow-origin: *\r\n"
        + "Cache-control: no-cache\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The {@code connected} event of a connect without {@code Last-Event-ID}: retry hint, then the client id, the
   * clock and the join position ({@code joinedAt}, the newest id or the run's {@code <run>-0}) as JSON.
   */
  public byte[] connected(String clientId, String joinedAt) {
    return ("event: connected\nretry: " + retryMillis + "\ndata: {\"client_id\":\"" + clientId
        + "\",\"timestamp\":" + System.currentTimeMillis() + ",\"last_event_id\":\"" + joinedAt + "\"}\n\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** A heartbeat event with the clock as JSON. */
  public byte[] heartbeat() {
    return ("event: heartbeat\ndata: {\"timestamp\":" + System.currentTimeMillis() + "}\n\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** A message event: its id line, one {@code data:} line per line of data (CR, LF or CRLF), the blank line. */
  public byte[] event(String id, String data) {
    StringBuilder sb = new StringBuilder(data.length() + id.length() + 16).append("id: ").append(id).append('\n');
    int start = 0;
    for (int i = 0; i < data.length(); i++) {
      char c = data.charAt(i);
      if (c == '\r' || c == '\n') {
        sb.append("data: ").append(data, start, i).append('\n');
        if (c == '\r' && i + 1 < data.length() && data.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    sb.append("data: ").append(data, start, data.length()).append("\n\n");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** One chunk of chunked transfer coding. */
  public static byte[] chunk(byte[] data) {
    byte[] size = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[size.length + data.length + 2];
    System.arraycopy(size, 0, out, 0, size.length);
    System.arraycopy(data, 0, out, size.length, data.length);
    out[out.length - 2] = '\r';
    out[out.length - 1] = '\n';
    return out;
  }

  /** Frames written together and then flushed, as the hub's stream does: chunks of at most 4,096 bytes. */
  public static List<byte[]> chunks(List<byte[]> frames) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] f : frames) {
      all.write(f, 0, f.length);
    }
    byte[] bytes = all.toByteArray();
    List<byte[]> out = new ArrayList<>();
    for (int from = 0; from < bytes.length; from += MAX_CHUNK) {
      out.add(chunk(java.util.Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + MAX_CHUNK))));
    }
    return out;
  }

  /**
   * The bearer token of a request head ({@code Authorization: Bearer <token>}, header name and scheme in any
   * case), or null when there is none.
   */
  public static String bearerToken(String head) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("authorization")) {
        String value = line.substring(colon + 1).trim();
        if (value.length() >= 6 && value.substring(0, 6).equalsIgnoreCase("bearer")
            && (value.length() == 6 || Character.isWhitespace(value.charAt(6)))) {
          value = value.substring(6).trim();
        }
        return value.isEmpty() ? null : value;
      }
    }
    return null;
  }
}
