package dev.ssekit.bench.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** The event-stream bytes every parser reads in the same benchmark: N events of a size, a line end, a shape. */
public final class StreamBytes {

  private StreamBytes() {}

  /**
   * @param events how many events
   * @param dataBytes the size of each event's data
   * @param eol {@code "LF"}, {@code "CRLF"} or {@code "CR"}
   * @param dataLines how many {@code data:} lines each event's data is split into
   */
  public static byte[] of(int events, int dataBytes, String eol, int dataLines) {
    String end = "LF".equals(eol) ? "\n" : "CRLF".equals(eol) ? "\r\n" : "\r";
    StringBuilder payload = new StringBuilder(dataBytes);
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789{}\":, ";
    for (int i = 0; i < dataBytes; i++) {
      payload.append(alphabet.charAt(i % alphabet.length()));
    }
    int perLine = Math.max(1, dataBytes / dataLines);
    ByteArrayOutputStream out = new ByteArrayOutputStream(events * (dataBytes + 64));
    for (int e = 0; e < events; e++) {
      StringBuilder block = new StringBuilder(dataBytes + 64);
      block.append("id: ").append(e + 1).append(end).append("event: update").append(end);
      for (int line = 0; line < dataLines; line++) {
        int from = line * perLine;
        int to = line == dataLines - 1 ? dataBytes : Math.min(dataBytes, from + perLine);
        block.append("data: ").append(payload, from, to).append(end);
      }
      block.append(end);
      byte[] bytes = block.toString().getBytes(StandardCharsets.UTF_8);
      out.write(bytes, 0, bytes.length);
    }
    return out.toByteArray();
  }
}
