package dev.ssekit.conformance.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
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
    try (Socket socket = connect(base, timeout)) {
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
    Socket socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
    socket.setSoTimeout((int) timeout.toMillis());
    return socket;
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

  /** Reads a whole body framed as the head says. */
  public static byte[] readBody(Head head, InputStream in) throws IOException {
    return body(head, in).readAllBytes();
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
}
