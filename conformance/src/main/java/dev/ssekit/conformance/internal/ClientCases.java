package dev.ssekit.conformance.internal;

import dev.ssekit.conformance.internal.ScriptedServer.Request;
import dev.ssekit.conformance.internal.ScriptedServer.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The client cases, written from the WHATWG HTML rules for interpreting an event stream and from the HTTP rules
 * for EventSource. Each script ends with 204, which a conforming client obeys by stopping.
 */
public final class ClientCases {

  /**
   * One case.
   *
   * @param number its number in the report
   * @param title the rule it checks
   * @param script the responses, one per connection
   * @param events the events the client must dispatch, as {@code id|type|data}
   * @param requests what the recorded requests must satisfy, or null
   * @param requestsRule the rule the requests check, for the report
   */
  public record Case(int number, String title, List<Response> script, List<String> events,
      Predicate<List<Request>> requests, String requestsRule) {}

  private ClientCases() {}

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The text split into reads of {@code n} bytes. */
  static List<byte[]> every(int n, byte[] all) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < all.length; i += n) {
      out.add(Arrays.copyOfRange(all, i, Math.min(all.length, i + n)));
    }
    return out;
  }

  /** The text split exactly where the pieces say. */
  static List<byte[]> pieces(String... pieces) {
    List<byte[]> out = new ArrayList<>();
    for (String p : pieces) {
      out.add(bytes(p));
    }
    return out;
  }

  static Response stream(List<byte[]> chunks) {
    return Response.stream(chunks);
  }

  static Response status(String line, Map<String, String> headers) {
    return new Response(line, headers, List.of());
  }

  public static List<Case> all() {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] withBom = new byte[bom.length + 13];
    System.arraycopy(bom, 0, withBom, 0, 3);
    System.arraycopy(bytes("data: first\n\n"), 0, withBom, 3, 13);
    return List.of(
        new Case(1, "A leading BOM is stripped, even split across reads",
            List.of(stream(every(1, withBom))), List.of("null|message|first"), null, null),
        new Case(2, "LF line ends", List.of(stream(pieces("id: 1\nevent: a\ndata: x\ndata: y\n\n"))),
            List.of("1|a|x\ny"), null, null),
        new Case(3, "CRLF line ends, CR at the end of one read and LF at the start of the next",
            List.of(stream(pieces("id: 1\r", "\nevent: a\r", "\ndata: x\r", "\n\r", "\n"))), List.of("1|a|x"), null, null),
        new Case(4, "CR-only line ends with id and event fields",
            List.of(stream(pieces("id: 1\revent: a\rdata: x\r\rdata: y\r\r"))), List.of("1|a|x", "1|message|y"), null, null),
        new Case(5, "Comments are ignored", List.of(stream(pieces(": hi\n", "data: x\n: mid\n\n"))),
            List.of("null|message|x"), null, null),
        new Case(6, "A field with no colon has an empty value", List.of(stream(pieces("data\n\ndata\ndata\n\n"))),
            List.of("null|message|", "null|message|\n"), null, null),
        new Case(7, "Exactly one leading space is removed", List.of(stream(pieces("data:  two\ndata:none\n\n"))),
            List.of("null|message| two\nnone"), null, null),
        new Case(8, "An id containing NUL is ignored",
            List.of(stream(pieces("id: 1\ndata: a\n\nid: 2\u0000x\ndata: b\n\n"))),
            List.of("1|message|a", "1|message|b"), r -> r.size() >= 2 && "1".equals(r.get(1).header("Last-Event-ID")),
            "the reconnect sends Last-Event-ID: 1"),
        new Case(9, "retry only when all ASCII digits; other lines still parse",
            List.of(stream(pieces("retry: 10a\nretry: -5\nretry: 20\ndata: x\n\n"))), List.of("null|message|x"), null, null),
        new Case(10, "Empty data is not dispatched", List.of(stream(pieces("event: lonely\n\ndata: real\n\n"))),
            List.of("null|message|real"), null, null),
        new Case(11, "An unfinished event at the end of the stream is discarded",
            List.of(stream(pieces("data: done\n\ndata: half\n"))), List.of("null|message|done"), null, null),
        new Case(12, "An id-only block sets the id sent on reconnect",
            List.of(stream(pieces("data: a\n\nid: 7\n\n"))), List.of("null|message|a"),
            r -> r.size() >= 2 && "7".equals(r.get(1).header("Last-Event-ID")), "the reconnect sends Last-Event-ID: 7"),
        new Case(13, "Multi-byte UTF-8 split across reads",
            List.of(stream(every(1, bytes("data: h\u00e9llo \u20ac \uD83D\uDE00\n\n")))),
            List.of("null|message|h\u00e9llo \u20ac \uD83D\uDE00"), null, null),
        new Case(14, "After a clean end of stream the client reconnects with Last-Event-ID",
            List.of(stream(pieces("id: 41\ndata: a\n\n")), stream(pieces("id: 42\ndata: b\n\n"))),
            List.of("41|message|a", "42|message|b"),
            r -> r.size() >= 2 && "41".equals(r.get(1).header("Last-Event-ID")), "the reconnect sends Last-Event-ID: 41"),
        new Case(15, "Accept: text/event-stream and Cache-Control: no-cache are sent",
            List.of(stream(pieces("data: x\n\n"))), List.of("null|message|x"),
            r -> !r.isEmpty() && String.valueOf(r.get(0).header("Accept")).contains("text/event-stream")
                && String.valueOf(r.get(0).header("Cache-Control")).contains("no-cache"),
            "the request carries both headers"),
        new Case(16, "204 No Content stops the client", List.of(), List.of(),
            r -> r.size() == 1, "no request after the 204"),
        new Case(17, "A non-200 status fails the connection for good",
            List.of(status("HTTP/1.1 404 Not Found", Map.of("Content-Length", "0"))), List.of(),
            r -> r.size() == 1, "no request after the 404"),
        new Case(18, "A Content-Type other than text/event-stream fails the connection for good",
            List.of(new Response("HTTP/1.1 200 OK", Map.of("Content-Type", "text/plain"), pieces("data: x\n\n"))),
            List.of(), r -> r.size() == 1, "nothing dispatched, no reconnect"),
        new Case(19, "307 and 301 redirects are followed",
            List.of(status("HTTP/1.1 307 Temporary Redirect", Map.of("Location", "/moved", "Content-Length", "0")),
                status("HTTP/1.1 301 Moved Permanently", Map.of("Location", "/final", "Content-Length", "0")),
                stream(pieces("data: arrived\n\n"))),
            List.of("null|message|arrived"), r -> r.size() >= 3 && r.get(2).path().equals("/final"),
            "the third request goes to /final"));
  }
}
