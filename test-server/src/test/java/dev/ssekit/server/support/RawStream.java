package dev.ssekit.server.support;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stream over a plain socket, for tests that need the exact bytes (after de-chunking) or a client that
 * never reads at all.
 */
public final class RawStream implements AutoCloseable {

  private final Socket socket;
  private InputStream in;
  private int status;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private boolean chunked;

  private RawStream(Socket socket) {
    this.socket = socket;
  }

  /** Sends the request and reads nothing: the socket's receive buffer is kept small. */
  public static RawStream openWithoutReading(URI base, String pathAndQuery, Map<String, String> headers)
      throws IOException {
    Socket s = new Socket();
    s.setReceiveBufferSize(4096);
    s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
    RawStream stream = new RawStream(s);
    stream.sendRequest(base, pathAndQuery, headers);
    return stream;
  }

  /** Sends the request and reads the status line and headers. */
  public static RawStream open(URI base, String pathAndQuery, Map<String, String> headers) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
    s.setSoTimeout(10_000);
    RawStream stream = new RawStream(s);
    stream.sendRequest(base, pathAndQuery, headers);
    stream.readHead();
    return stream;
  }

  /** Sends arbitrary bytes and returns everything the server answers until it closes (or 5 s pass). */
  public static String exchange(URI base, byte[] request) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
      s.setSoTimeout(5000);
      s.getOutputStream().write(request);
      s.getOutputStream().flush();
      s.shutdownOutput();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        s.getInputStream().transferTo(out);
      } catch (java.net.SocketTimeoutException e) {
        // the server kept the connection open: what came so far is the answer
      }
      return out.toString(StandardCharsets.ISO_8859_1);
    }
  }

  private void sendRequest(URI base, String pathAndQuery, Map<String, String> extra) throws IOException {
    StringBuilder req = new StringBuilder("GET " + pathAndQuery + " HTTP/1.1\r\n")
        .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n")
        .append("Accept: text/event-stream\r\n");
    extra.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
    req.append("\r\n");
    OutputStream out = socket.getOutputStream();
    out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  private void readHead() throws IOException {
    in = socket.getInputStream();
    String statusLine = readLine();
    status = Integer.parseInt(statusLine.split(" ")[1]);
    for (String line = readLine(); !line.isEmpty(); line = readLine()) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
    }
    chunked = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
  }

  public int status() {
    return status;
  }

  public String header(String name) {
    return headers.get(name.toLowerCase());
  }

  /** The next event block's exact bytes, up to and including its blank line. */
  public byte[] nextBlock() throws IOException {
    while (true) {
      byte[] buf = pending.toByteArray();
      for (int i = 0; i + 1 < buf.length; i++) {
        if (buf[i] == '\n' && buf[i + 1] == '\n') {
          byte[] block = Arrays.copyOf(buf, i + 2);
          pending.reset();
          pending.write(buf, i + 2, buf.length - i - 2);
          return block;
        }
      }
      readBodyPiece();
    }
  }

  /** The next block as text. */
  public String nextBlockText() throws IOException {
    return new String(nextBlock(), StandardCharsets.UTF_8);
  }

  /** The next block whose text contains {@code marker}. */
  public String nextBlockContaining(String marker) throws IOException {
    while (true) {
      String block = nextBlockText();
      if (block.contains(marker)) {
        return block;
      }
    }
  }

  /** Reads the body to its end; returns what was left. Throws if the connection broke without an end. */
  public String readToEnd() throws IOException {
    try {
      while (true) {
        readBodyPiece();
      }
    } catch (EOFException e) {
      return pending.toString(StandardCharsets.UTF_8);
    }
  }

  private void readBodyPiece() throws IOException {
    if (!chunked) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("end of stream");
      }
      pending.write(b);
      return;
    }
    String sizeLine = readLine();
    int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
    if (size == 0) {
      readLine();
      throw new EOFException("end of chunked body");
    }
    pending.write(in.readNBytes(size));
    readLine();
  }

  private String readLine() throws IOException {
    StringBuilder sb = new StringBuilder();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed");
      }
      if (b == '\n') {
        int len = sb.length();
        return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
      }
      sb.append((char) b);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
