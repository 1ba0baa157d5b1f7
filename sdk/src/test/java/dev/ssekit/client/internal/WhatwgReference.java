package dev.ssekit.client.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny, literal transcription of the WHATWG "interpreting an event stream" algorithm, written for clarity
 * only: decode the whole stream as UTF-8 (with replacement), drop one leading BOM, split into lines at CRLF,
 * LF or CR, and process each line. A line counts only once its end has been read, so the prefix of a stream
 * gives exactly what a parser can have dispatched after reading that prefix. Its calls are written in the
 * same words as {@link RecordingHandler}.
 */
final class WhatwgReference {

  private WhatwgReference() {}

  static List<String> parse(byte[] stream, String initialLastEventId) {
    String text = new String(stream, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    List<String> calls = new ArrayList<>();
    StringBuilder data = new StringBuilder();
    String eventType = "";
    String lastEventId = initialLastEventId == null ? "" : initialLastEventId;
    boolean idInBlock = false;
    int lineStart = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '\r' && c != '\n') {
        continue;
      }
      String line = text.substring(lineStart, i);
      if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        i++;
      }
      lineStart = i + 1;
      if (line.isEmpty()) {
        if (data.length() == 0) {
          if (idInBlock) {
            calls.add("id " + lastEventId);
          }
        } else {
          data.setLength(data.length() - 1);
          calls.add("event id=" + lastEventId + (idInBlock ? "" : "(inherited)") + " type="
              + (eventType.isEmpty() ? "message" : eventType) + " data=" + data);
        }
        data.setLength(0);
        eventType = "";
        idInBlock = false;
        continue;
      }
      if (line.charAt(0) == ':') {
        calls.add("comment " + line.substring(1));
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      switch (field) {
        case "event":
          eventType = value;
          break;
        case "data":
          data.append(value).append('\n');
          break;
        case "id":
          if (value.indexOf('\0') < 0) {
            lastEventId = value;
            idInBlock = true;
          }
          break;
        case "retry":
          if (!value.isEmpty() && value.chars().allMatch(d -> d >= '0' && d <= '9')) {
            try {
              calls.add("retry " + Long.parseLong(value));
            } catch (NumberFormatException tooBig) {
              // not representable: ignored, as the parser documents
            }
          }
          break;
        default:
          break;
      }
    }
    return calls;
  }
}
