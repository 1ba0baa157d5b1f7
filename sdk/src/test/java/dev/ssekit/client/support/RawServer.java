package dev.ssekit.client.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 server on a raw loopback socket, for what MockWebServer hides: the exact request bytes, when each
 * response byte goes out, and whether the client has closed its sockets. Each request goes to the responder;
 * a connection is kept for the next request while the responder says so.
 */
public final class RawServer implements AutoCloseable {

  /** A request as it came, its head kept as raw bytes. */
  public static final class Request {
    public final byte[] head;
    public final String method;
    public final String path;
    public final Map<String, String> headers; // lower-case names, values decoded as UTF-8
    public final byte[] body;
    private InputStream in;

    Request(byte[] head, String method, String path, Map<String, String> headers, byte[] body) {
      this.head = head;
      this.method = method;
      this.path = path;
      this.headers = headers;
      this.body = body;
    }

    /** Blocks until the client closes the connection (a streaming response holds it open this way). */
    public void awaitClientClose() throws IOException {
      while (in.read() != -1) {
        // a client sends nothing more on a streaming connection
      }
    }

    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String bodyUtf8() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** Answers one request; returns whether the connection stays open for another. */
  public interface Responder {
    boolean respond(Request request, OutputStream out) throws Exception;
  }

  private final ServerSocket listener;
  private final Responder responder;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  public final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
  private final Thread acceptor;
  private volatile boolean closed;

  public RawServer(Responder responder) throws IOException {
    this.responder = responder;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, "raw-server-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + listener.getLocalPort() + path;
  }

  /** Connections the client has not closed yet. */
  public int openConnections() {
    return open.size();
  }

  public Request take() throws InterruptedException {
    Request r = requests.poll(10, TimeUnit.SECONDS);
    if (r == null) {
      throw new AssertionError("no request within 10 s");
    }
    return r;
  }

  /** The head of an event stream that ends when the connection closes. */
  public static void streamHead(OutputStream out) throws IOException {
    out.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"
        .getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** A 204 that keeps the connection. */
  public static void noContent(OutputStream out) throws IOException {
    out.write("HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket s = listener.accept();
        open.add(s);
        Thread t = new Thread(() -> serve(s), "raw-server-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (Socket socket = s) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      while (true) {
        Request r = read(in);
        if (r == null) {
          return; // the client closed the connection
        }
        r.in = in;
        requests.add(r);
        if (!responder.respond(r, out)) {
          socket.shutdownOutput();
          while (in.read() != -1) {
            // wait for the client to close its side
          }
          return;
        }
      }
    } catch (Exception e) {
      // the client or the test went away
    } finally {
      open.remove(s);
    }
  }

  private static Request read(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b == -1) {
        return null;
      }
      head.write(b);
      matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
          ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    byte[] raw = head.toByteArray();
    String[] lines = new String(raw, StandardCharsets.UTF_8).split("\r\n");
    String[] start = lines[0].split(" ");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
    }
    int length = headers.containsKey("content-length") ? Integer.parseInt(headers.get("content-length")) : 0;
    byte[] body = in.readNBytes(length);
    return new Request(raw, start[0], start[1], headers, body);
  }

  @Override
  public void close() throws IOException {
    closed = true;
    listener.close();
    // close() only signals a thread blocked in accept(); the kernel listens until that accept returns, so a
    // connect in between would still be accepted. Past the join, nothing listens and no connection is missed.
    try {
      acceptor.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Socket s : open) {
      s.close();
    }
  }
}
