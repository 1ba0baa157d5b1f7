package dev.ssekit.bench.internal;

import java.util.ArrayList;
import java.util.List;

/** Which parser reads which benchmark input correctly: same event count, data and last id as expected. */
public final class ParserCorrectness {

  private ParserCorrectness() {}

  /** One verdict: "ok", or what went wrong (the exception the parser itself threw, with its message up to the first colon). */
  public static String check(String parser, int events, int size, String eol, int lines) {
    byte[] bytes = StreamBytes.of(events, size, eol, lines);
    long expectedChars = (long) events * (size + (lines - 1)); // joined lines gain one LF each
    try {
      ParserPeers.Result r;
      switch (parser) {
        case "ssekit":
          r = ParserPeers.ssekit(bytes);
          break;
        case "okhttpSse":
          r = ParserPeers.okhttpSse(bytes);
          break;
        default:
          r = ParserPeers.launchDarkly(bytes, events);
          break;
      }
      if (r.events != events) {
        return "dispatched " + r.events + " of " + events + " events";
      }
      if (r.dataChars != expectedChars) {
        return "data wrong (" + r.dataChars + " chars, expected " + expectedChars + ")";
      }
      if (!Integer.toString(events).equals(r.lastId)) {
        return "last id " + r.lastId + ", expected " + events;
      }
      return "ok";
    } catch (Exception | Error e) {
      String message = e.getMessage() == null ? "" : e.getMessage();
      int colon = message.indexOf(':');
      String head = (colon < 0 ? message : message.substring(0, colon)).replace("\n", "\\n").replace("|", "/");
      return "fails: " + e.getClass().getSimpleName() + (head.isEmpty() ? "" : " \"" + head + "\"");
    }
  }

  /** Every parser on every input shape. */
  public static List<String[]> table() {
    List<String[]> rows = new ArrayList<>();
    for (int size : new int[] {100, 16384}) {
      for (String eol : new String[] {"LF", "CRLF", "CR"}) {
        for (int lines : new int[] {1, 4}) {
          for (String parser : new String[] {"ssekit", "okhttpSse", "launchDarkly"}) {
            rows.add(new String[] {parser, Integer.toString(size), eol, Integer.toString(lines),
                check(parser, 50, size, eol, lines)});
          }
        }
      }
    }
    return rows;
  }
}
