package dev.ssekit.conformance.internal.mutants;

import dev.ssekit.conformance.ClientUnderTest;
import dev.ssekit.conformance.internal.Http1;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A small EventSource written from the WHATWG rules, to prove the client suite bites: with no bugs it passes
 * every case; each {@link Bug} is one realistic mistake, and the suite must fail the case that rule is about.
 * One thread per session reads the stream on a plain socket; {@link ClientUnderTest.Session#close()} ends it.
 */
public final class MiniClient implements ClientUnderTest {

  /** One mistake a client can make. */
  public enum Bug {
    IGNORES_RETRY, LENIENT_RETRY, RECONNECTS_AFTER_204, RECONNECTS_AFTER_ERROR_STATUS, IGNORES_CONTENT_TYPE,
    KEEPS_ID_AFTER_EMPTY_ID, CR_AT_READ_END_THEN_LF_IS_A_SECOND_LINE, HOLDS_CR_UNTIL_NEXT_BYTE, KEEPS_BOM,
    STRIPS_EVERY_LEADING_SPACE, DISPATCHES_BLOCKS_WITHOUT_DATA, DROPS_EMPTY_DATA, ACCEPTS_ID_WITH_NUL,
    DISPATCHES_UNFINISHED_EVENT, ID_ONLY_BLOCK_IGNORED, NO_LAST_EVENT_ID_HEADER, NO_ACCEPT_HEADER,
    NO_REDIRECTS, DECODES_EACH_READ_ALONE
  }

  /** The reconnection time before any {@code retry:}. */
  static final long DEFAULT_RECONNECT_MILLIS = 50;

  private final Set<Bug> bugs;

  public MiniClient(Set<Bug> bugs) {
    this.bugs = bugs.isEmpty() ? EnumSet.noneOf(Bug.class) : EnumSet.copyOf(bugs);
  }

  private boolean has(Bug bug) {
    return bugs.contains(bug);
  }

  /** The name of the thread of a session on this URL. */
  static String threadName(URI url) {
    return "mini-client-" + url.getPort();
  }

  @Override
  public Session open(URI url, Events events) {
    Connection c = new Connection(url, events);
    Thread t = new Thread(c::run, threadName(url));
    t.setDaemon(true);
    c.thread = t;
    t.start();
    return c::close;
  }

  /** One client's life: connect, read, reconnect, until told to stop. */
  private final class Connection {
    private final URI start;
    private final Events events;
    private volatile boolean closed;
    private volatile Socket socket;
    Thread thread;
    private long reconnectMillis = DEFAULT_RECONNECT_MILLIS;
    private String lastEventId = "";
    // the parser's buffers
    private final StringBuilder data = new StringBuilder();
    private String eventType = "";
    private String idBuffer = "";
    private final StringBuilder line = new StringBuilder();
    private boolean lastWasCr;
    private boolean pendingCr;
    private boolean first;

    Connection(URI start, Events events) {
      this.start = start;
      this.events = events;
    }

    void run() {
      URI url = start;
      try {
        while (!closed) {
          int redirects = 0;
          Http1.Head head;
          InputStream in;
          while (true) {
            Socket s = Http1.connect(url, Duration.ofSeconds(30));
            socket = s;
            Map<String, String> headers = new LinkedHashMap<>();
            if (!has(Bug.NO_ACCEPT_HEADER)) {
              headers.put("Accept", "text/event-stream");
            }
            headers.put("Cache-Control", "no-cache");
            if (!lastEventId.isEmpty() && !has(Bug.NO_LAST_EVENT_ID_HEADER)) {
              headers.put("Last-Event-ID", lastEventId);
            }
            Http1.writeHead(s.getOutputStream(), url, "GET", url.getRawPath(), headers, -1);
            s.getOutputStream().flush();
            in = s.getInputStream();
            head = Http1.readHead(in);
            String location = head.first("location");
            if ((head.status() == 301 || head.status() == 307) && location != null && !has(Bug.NO_REDIRECTS)
                && redirects++ < 5) {
              s.close();
              url = url.resolve(location);
              continue;
            }
            break;
          }
          String type = String.valueOf(head.first("content-type")).toLowerCase(Locale.ROOT);
          boolean ok = head.status() == 200 && (type.startsWith("text/event-stream") || has(Bug.IGNORES_CONTENT_TYPE));
          if (head.status() == 204 && !has(Bug.RECONNECTS_AFTER_204)) {
            break;
          }
          if (!ok && head.status() != 204 && !has(Bug.RECONNECTS_AFTER_ERROR_STATUS)) {
            break;
          }
          if (ok) {
            read(in);
          }
          socket.close();
          Thread.sleep(reconnectMillis);
        }
      } catch (IOException | InterruptedException e) {
        // closed, or the server went away for good
      } finally {
        events.stopped("ended");
      }
    }

    private void read(InputStream raw) throws IOException {
      InputStream body = raw;
      CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE);
      byte[] buf = new byte[8192];
      ByteBuffer pending = ByteBuffer.allocate(16);
      first = true;
      data.setLength(0);
      eventType = "";
      line.setLength(0);
      lastWasCr = false;
      pendingCr = false;
      for (int n = body.read(buf); n != -1; n = body.read(buf)) {
        String text;
        if (has(Bug.DECODES_EACH_READ_ALONE)) {
          text = new String(buf, 0, n, StandardCharsets.UTF_8);
        } else {
          ByteBuffer in = ByteBuffer.allocate(pending.position() + n);
          pending.flip();
          in.put(pending).put(buf, 0, n).flip();
          CharBuffer out = CharBuffer.allocate(n + 4);
          decoder.decode(in, out, false);
          pending.clear();
          pending.put(in);
          text = out.flip().toString();
        }
        if (has(Bug.CR_AT_READ_END_THEN_LF_IS_A_SECOND_LINE)) {
          lastWasCr = false;
        }
        for (int i = 0; i < text.length(); i++) {
          feed(text.charAt(i));
        }
      }
      if (has(Bug.DISPATCHES_UNFINISHED_EVENT) && data.length() > 0) {
        dispatch();
      }
    }

    private void feed(char ch) {
      if (first) {
        first = false;
        if (ch == '\uFEFF' && !has(Bug.KEEPS_BOM)) {
          return;
        }
      }
      if (pendingCr) {
        pendingCr = false;
        endLine();
        if (ch == '\n') {
          return;
        }
      }
      if (ch == '\r') {
        if (has(Bug.HOLDS_CR_UNTIL_NEXT_BYTE)) {
          pendingCr = true;
          return;
        }
        endLine();
        lastWasCr = true;
        return;
      }
      if (ch == '\n') {
        if (!lastWasCr) {
          endLine();
        }
        lastWasCr = false;
        return;
      }
      lastWasCr = false;
      line.append(ch);
    }

    private void endLine() {
      String l = line.toString();
      line.setLength(0);
      if (l.isEmpty()) {
        dispatch();
        return;
      }
      if (l.startsWith(":")) {
        return;
      }
      int colon = l.indexOf(':');
      String field = colon < 0 ? l : l.substring(0, colon);
      String value = colon < 0 ? "" : l.substring(colon + 1);
      if (has(Bug.STRIPS_EVERY_LEADING_SPACE)) {
        value = value.stripLeading();
      } else if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      switch (field) {
        case "event" -> eventType = value;
        case "data" -> data.append(value).append('\n');
        case "id" -> {
          if (value.indexOf('\0') < 0 || has(Bug.ACCEPTS_ID_WITH_NUL)) {
            if (!value.isEmpty() || !has(Bug.KEEPS_ID_AFTER_EMPTY_ID)) {
              idBuffer = value;
            }
          }
        }
        case "retry" -> retry(value);
        default -> { }
      }
    }

    private void retry(String value) {
      if (has(Bug.IGNORES_RETRY)) {
        return;
      }
      if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
        reconnectMillis = Long.parseLong(value);
      } else if (has(Bug.LENIENT_RETRY)) {
        String digits = value.replaceAll("^\\D*(\\d*).*$", "$1");
        if (!digits.isEmpty()) {
          reconnectMillis = Long.parseLong(digits);
        }
      }
    }

    private void dispatch() {
      if (!has(Bug.ID_ONLY_BLOCK_IGNORED) || data.length() > 0) {
        lastEventId = idBuffer;
      }
      if (data.length() == 0 && !has(Bug.DISPATCHES_BLOCKS_WITHOUT_DATA)) {
        eventType = "";
        return;
      }
      String d = data.length() > 0 && data.charAt(data.length() - 1) == '\n'
          ? data.substring(0, data.length() - 1) : data.toString();
      String type = eventType.isEmpty() ? "message" : eventType;
      data.setLength(0);
      eventType = "";
      if (d.isEmpty() && has(Bug.DROPS_EMPTY_DATA)) {
        return;
      }
      events.event(lastEventId.isEmpty() ? null : lastEventId, type, d);
    }

    void close() {
      closed = true;
      Socket s = socket;
      if (s != null) {
        try {
          s.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
      if (thread != null) {
        thread.interrupt();
        try {
          thread.join(2000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
