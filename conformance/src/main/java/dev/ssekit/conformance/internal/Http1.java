package dev.ssekit.conformance.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A minimal HTTP/1.1 exchange on a fresh socket with {@code Connection: close}: the suite's requests never wait
 * on a kept-alive connection's Nagle/delayed-ACK stall, and an answer is read however the hub frames its body
 * (length, chunked, or until close). Not for streams.
 */
public final class Http1 {

  private Http1() {}

  /** A parsed answer head plus the socket's stream positioned at the body. */
  public record Head(int status, Map<String, List<String>> headers) {
    public String first(String name) {
      List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
      return v == null || v.isEmpty() ? null : v.get(0);
    }

    public HttpHeaders asHeaders() {
      return HttpHeaders.of(headers, (a, b) -> true);
    }
  }

  /**
   * One exchange; {@code body} may be null. An event stream's body is not read (the answer's body is then
   * empty): this is for requests that should not open one.
   */
  public static Wire.Reply exchange(URI base, String method, String pathAndQuery, Map<String, String> headers,
      byte[] body, Duration timeout) throws IOException {
    return exchange(base, method, pathAndQuery, headers, body, timeout, null);
  }

  /**
   * One exchange from this local {@code source} address (null: the system's choice), so a hub that keys
   * something by the remote address (its rate limiter, clause 4) sees that address.
   */
  public static Wire.Reply exchange(URI base, String method, String pathAndQuery, Map<String, String> headers,
      byte[] body, Duration timeout, InetAddress source) throws IOException {
    try (Socket socket = connect(base, timeout, source)) {
      writeHead(socket.getOutputStream(), base, method, pathAndQuery, headers, body == null ? -1 : body.length);
      if (body != null) {
        socket.getOutputStream().write(body);
      }
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      Head head = readHead(in);
      String type = head.first("content-type");
      boolean stream = type != null && type.toLowerCase(Locale.ROOT).startsWith("text/event-stream");
      byte[] bytes = method.equals("HEAD") || head.status() == 204 || head.status() == 304 || stream
          ? new byte[0] : readBody(head, in);
      return new Wire.Reply(head.status(), head.asHeaders(), new String(bytes, StandardCharsets.UTF_8));
    }
  }

  /** A connected socket with TCP_NODELAY and a read timeout. */
  public static Socket connect(URI base, Duration timeout) throws IOException {
    return connect(base, timeout, null);
  }

  /** A connected socket bound to this local address first (null: the system's choice). */
  public static Socket connect(URI base, Duration timeout, InetAddress source) throws IOException {
    Socket socket = new Socket();
    try {
      if (source != null) {
        socket.bind(new InetSocketAddress(source, 0));
      }
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
      socket.setSoTimeout((int) timeout.toMillis());
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /** Writes a request head ({@code contentLength} -1 for none). */
  public static void writeHead(OutputStream out, URI base, String method, String pathAndQuery,
      Map<String, String> headers, long contentLength) throws IOException {
    StringBuilder head = new StringBuilder(method).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\n")
        .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n")
        .append("Connection: close\r\n");
    if (contentLength >= 0) {
      head.append("Content-Length: ").append(contentLength).append("\r\n");
      if (headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("Content-Type"))) {
        head.append("Content-Type: application/json\r\n");
      }
    }
    headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    out.write(head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Reads a status line and headers. */
  public static Head readHead(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); ; b = in.read()) {
      if (b == -1) {
        throw new IOException("connection closed before the answer's head ended");
      }
      if (b == '\n') {
        String text = line.toString(StandardCharsets.UTF_8);
        text = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        line.reset();
        if (text.isEmpty()) {
          if (lines.isEmpty()) {
            continue;
          }
          break;
        }
        lines.add(text);
      } else {
        line.write(b);
      }
    }
    String[] status = lines.get(0).split(" ", 3);
    if (status.length < 2 || !status[0].startsWith("HTTP/")) {
      throw new IOException("not an HTTP answer: " + lines.get(0));
    }
    Map<String, List<String>> headers = new TreeMap<>();
    for (String h : lines.subList(1, lines.size())) {
      int colon = h.indexOf(':');
      if (colon > 0) {
        headers.computeIfAbsent(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
            .add(h.substring(colon + 1).trim());
      }
    }
    int code = Integer.parseInt(status[1]);
    if (code == 100) {
      return readHead(in);
    }
    return new Head(code, headers);
  }

  /** The largest answer body the suite reads (a hostile hub cannot make it run out of memory). */
  static final int MAX_BODY_BYTES = 64 << 20;

  /** Reads a whole body framed as the head says; more than {@link #MAX_BODY_BYTES} is an error. */
  public static byte[] readBody(Head head, InputStream in) throws IOException {
    byte[] bytes = body(head, in).readNBytes(MAX_BODY_BYTES + 1);
    if (bytes.length > MAX_BODY_BYTES) {
      throw new IOException("answer body over " + MAX_BODY_BYTES + " bytes");
    }
    return bytes;
  }

  /** The body as a stream, de-chunked when chunked. */
  public static InputStream body(Head head, InputStream in) {
    String te = head.first("transfer-encoding");
    if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
      return new Chunked(in);
    }
    String length = head.first("content-length");
    if (length != null) {
      return new Limited(in, Long.parseLong(length.trim()));
    }
    return in;
  }

  /** A body of known length. */
  private static final class Limited extends InputStream {
    private final InputStream in;
    private long left;

    Limited(InputStream in, long length) {
      this.in = in;
      this.left = length;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }

  /** A chunked body, de-chunked. */
  private static final class Chunked extends InputStream {
    private final InputStream in;
    private long left;
    private boolean done;

    Chunked(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (left == 0) {
        String size = line();
        int semi = size.indexOf(';');
        left = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
        if (left == 0) {
          done = true;
          return -1;
        }
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n == -1) {
        throw new IOException("chunked body ended early");
      }
      left -= n;
      if (left == 0) {
        line();
      }
      return n;
    }

    private String line() throws IOException {
      StringBuilder sb = new StringBuilder();
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c == -1) {
          throw new IOException("chunked body ended early");
        }
        if (c != '\r') {
          sb.append((char) c);
        }
      }
      return sb.toString();
    }
  }

  /** A raw answer read off a socket: the status, lower-cased headers. */
  public record RawReply(int status, Map<String, String> headers) {}

  /**
   * Sends a request whose head promises {@code bodyBytes} bytes, waits up to {@code patience} for an answer
   * before sending any of the body (a hub that refuses by length answers at once and never reads it), then sends
   * the body and reads the answer. Plain socket: an early answer is read before any reset.
   */
  public static RawReply declaredBody(URI base, String method, String path, Map<String, String> headers,
      int bodyBytes, Duration patience) throws IOException {
    URI uri = base.resolve(path);
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
      StringBuilder head = new StringBuilder(method).append(' ').append(uri.getRawPath()).append(" HTTP/1.1\r\n")
          .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n")
          .append("Content-Type: application/json\r\nConnection: close\r\nContent-Length: ").append(bodyBytes)
          .append("\r\n");
      headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      OutputStream out = socket.getOutputStream();
      out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      socket.setSoTimeout((int) Math.max(1, patience.toMillis()));
      int first;
      try {
        first = in.read();
      } catch (SocketTimeoutException e) {
        Thread writer = new Thread(() -> {
          try {
            byte[] chunk = new byte[8192];
            java.util.Arrays.fill(chunk, (byte) ' ');
            out.write('"');
            for (int left = bodyBytes - 2; left > 0; left -= chunk.length) {
              out.write(chunk, 0, Math.min(left, chunk.length));
            }
            out.write('"');
            out.flush();
          } catch (IOException ignored) {
            // the hub stopped reading: its answer tells why
          }
        }, "conformance-body-writer");
        writer.setDaemon(true);
        writer.start();
        socket.setSoTimeout(15_000);
        first = in.read();
      }
      socket.setSoTimeout(5_000);
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      List<String> lines = new ArrayList<>();
      for (int b = first; b != -1; b = in.read()) {
        if (b == '\n') {
          String text = line.toString(StandardCharsets.ISO_8859_1).replace("\r", "");
          if (text.isEmpty()) {
            break;
          }
          lines.add(text);
          line.reset();
        } else {
          line.write(b);
        }
      }
      if (lines.isEmpty()) {
        throw new IOException("no answer");
      }
      Map<String, String> h = new LinkedHashMap<>();
      for (String l : lines.subList(1, lines.size())) {
        int colon = l.indexOf(':');
        if (colon > 0) {
          h.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
        }
      }
      return new RawReply(Integer.parseInt(lines.get(0).split(" ")[1]), h);
    }
  }
}
