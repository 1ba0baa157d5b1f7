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
   * @param events the events the client must dispatch, as {@code id|type|data} (an empty id is {@code null})
   * @param requests what the recorded requests must satisfy, or null
   * @param requestsRule the rule the requests check, for the report
   * @param stops whether the client must stop after the script: judged by counting requests over
   *     {@link #STOP_WINDOW_MILLIS} after it, long after the 100 ms reconnection time the script gave the client
   */
  public record Case(int number, String title, List<Response> script, List<String> events,
      Predicate<List<Request>> requests, String requestsRule, boolean stops) {

    /** Whether an event of this case must be dispatched while its held-open connection is still open. */
    public boolean whileOpen() {
      return script.stream().anyMatch(Response::holdOpen);
    }
  }

  /** How long "stopped" is judged over. */
  public static final long STOP_WINDOW_MILLIS = 2500;
  /** The reconnection time the retry cases set. */
  public static final int RETRY_MILLIS = 1200;

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
    return new Response(line, headers, List.of(), false);
  }

  /** A first stream that sets a 100 ms reconnection time, so a client that should stop but does not is seen. */
  static Response fastReconnect(String data) {
    return stream(pieces("retry: 100\n", "data: " + data + "\n\n"));
  }

  private static Case simple(int n, String title, Response r, String... events) {
    return new Case(n, title, List.of(r), List.of(events), null, null, false);
  }

  private static Predicate<List<Request>> secondDelayAtLeast(long millis) {
    return r -> r.size() >= 2 && r.get(1).delayMillis() >= millis;
  }

  public static List<Case> all() {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] withBom = new byte[bom.length + 13];
    System.arraycopy(bom, 0, withBom, 0, 3);
    System.arraycopy(bytes("data: first\n\n"), 0, withBom, 3, 13);
    long minRetry = RETRY_MILLIS * 9L / 10;
    return List.of(
        simple(1, "A leading BOM is stripped, even split across reads", stream(every(1, withBom)), "null|message|first"),
        simple(2, "LF line ends", stream(pieces("id: 1\nevent: a\ndata: x\ndata: y\n\n")), "1|a|x\ny"),
        simple(3, "CRLF line ends, CR at the end of one read and LF at the start of the next",
            stream(pieces("id: 1\r", "\nevent: a\r", "\ndata: x\r", "\ndata: y\r", "\n\r", "\n")), "1|a|x\ny"),
        simple(4, "CR-only line ends with id and event fields; the last event at the end of the stream",
            stream(pieces("id: 1\revent: a\rdata: x\r\rdata: y\r\r")), "1|a|x", "1|message|y"),
        simple(5, "Comments are ignored", stream(pieces(": hi\n", "data: x\n: mid\n\n")), "null|message|x"),
        simple(6, "A field with no colon has an empty value", stream(pieces("data\n\ndata\ndata\n\n")),
            "null|message|", "null|message|\n"),
        simple(7, "Exactly one leading space is removed", stream(pieces("data:  two\ndata:none\n\n")),
            "null|message| two\nnone"),
        new Case(8, "An id containing NUL is ignored",
            List.of(stream(pieces("id: 1\ndata: a\n\nid: 2\u0000x\ndata: b\n\n"))),
            List.of("1|message|a", "1|message|b"), r -> r.size() >= 2 && "1".equals(r.get(1).header("Last-Event-ID")),
            "the reconnect sends Last-Event-ID: 1", false),
        new Case(9, "retry: sets the reconnection time, only when all ASCII digits",
            List.of(stream(pieces("retry: " + RETRY_MILLIS + "\nretry: 10a\nretry: -5\nretry: 1 0\ndata: x\n\n"))),
            List.of("null|message|x"), secondDelayAtLeast(minRetry),
            "the reconnect waits at least " + minRetry + " ms (retry: " + RETRY_MILLIS + "; the other retry lines are "
                + "not all digits)", false),
        simple(10, "A block with no data line is not dispatched; a data line with an empty value is",
            stream(pieces("event: lonely\n\nid: 3\n\ndata:\n\nevent: e\ndata: \n\ndata: real\n\n")),
            "3|message|", "3|e|", "3|message|real"),
        simple(11, "An unfinished event at the end of the stream is discarded",
            stream(pieces("data: done\n\ndata: half\n")), "null|message|done"),
        new Case(12, "An id-only block sets the id sent on reconnect",
            List.of(stream(pieces("data: a\n\nid: 7\n\n"))), List.of("null|message|a"),
            r -> r.size() >= 2 && "7".equals(r.get(1).header("Last-Event-ID")), "the reconnect sends Last-Event-ID: 7",
            false),
        simple(13, "Multi-byte UTF-8 split across reads",
            stream(every(1, bytes("data: h\u00e9llo \u20ac \uD83D\uDE00\n\n"))), "null|message|h\u00e9llo \u20ac \uD83D\uDE00"),
        new Case(14, "After a clean end of stream the client reconnects with Last-Event-ID",
            List.of(stream(pieces("id: 41\ndata: a\n\n")), stream(pieces("id: 42\ndata: b\n\n"))),
            List.of("41|message|a", "42|message|b"),
            r -> r.size() >= 2 && "41".equals(r.get(1).header("Last-Event-ID")), "the reconnect sends Last-Event-ID: 41",
            false),
        new Case(15, "Accept: text/event-stream and Cache-Control: no-cache are sent",
            List.of(stream(pieces("data: x\n\n"))), List.of("null|message|x"),
            r -> !r.isEmpty() && String.valueOf(r.get(0).header("Accept")).contains("text/event-stream")
                && String.valueOf(r.get(0).header("Cache-Control")).contains("no-cache"),
            "the request carries both headers", false),
        new Case(16, "204 No Content stops the client", List.of(fastReconnect("x"), status("HTTP/1.1 204 No Content",
            Map.of())), List.of("null|message|x"), r -> r.size() == 2,
            "no request in " + STOP_WINDOW_MILLIS + " ms after the 204 (reconnection time 100 ms)", true),
        new Case(17, "A non-200 status fails the connection for good", List.of(fastReconnect("x"),
            status("HTTP/1.1 404 Not Found", Map.of("Content-Length", "0"))), List.of("null|message|x"),
            r -> r.size() == 2, "no request in " + STOP_WINDOW_MILLIS + " ms after the 404 (reconnection time 100 ms)",
            true),
        new Case(18, "A Content-Type other than text/event-stream fails the connection for good",
            List.of(fastReconnect("x"), new Response("HTTP/1.1 200 OK", Map.of("Content-Type", "text/plain"),
                pieces("data: y\n\n"), false)),
            List.of("null|message|x"), r -> r.size() == 2,
            "nothing dispatched from text/plain, no request in " + STOP_WINDOW_MILLIS + " ms after it", true),
        new Case(19, "307 and 301 redirects are followed",
            List.of(status("HTTP/1.1 307 Temporary Redirect", Map.of("Location", "/moved", "Content-Length", "0")),
                status("HTTP/1.1 301 Moved Permanently", Map.of("Location", "/final", "Content-Length", "0")),
                stream(pieces("data: arrived\n\n"))),
            List.of("null|message|arrived"), r -> r.size() >= 3 && r.get(2).path().equals("/final"),
            "the third request goes to /final", false),
        new Case(20, "An empty id: line resets the last event id: no Last-Event-ID on reconnect",
            List.of(stream(pieces("id: 5\ndata: a\n\nid:\ndata: b\n\n"))), List.of("5|message|a", "null|message|b"),
            r -> r.size() >= 2 && r.get(1).header("Last-Event-ID") == null, "the reconnect sends no Last-Event-ID", false),
        new Case(21, "A CR-only stream's last event is dispatched while the connection is still open",
            List.of(new Response("HTTP/1.1 200 OK", Map.of("Content-Type", "text/event-stream"),
                pieces("data: x\r\r", "data: y\r\r"), true)),
            List.of("null|message|x", "null|message|y"), null, null, false),
        new Case(22, "A CRLF stream's events are dispatched while the connection is still open",
            List.of(new Response("HTTP/1.1 200 OK", Map.of("Content-Type", "text/event-stream"),
                pieces("data: x\r\n\r\n"), true)),
            List.of("null|message|x"), null, null, false));
  }
}
