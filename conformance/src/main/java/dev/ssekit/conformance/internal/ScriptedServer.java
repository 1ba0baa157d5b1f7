package dev.ssekit.conformance.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Plays exact bytes to a client over a plain socket: each scripted response is written chunk by chunk, and after
 * each chunk the server waits until the client has read it ({@link Consumption}), so the client's reads split
 * exactly where the case says. It records every request with the time it arrived and the time the response
 * before it ended. When the script runs out, it answers 204 so a conforming client stops.
 */
public final class ScriptedServer implements AutoCloseable {

  /**
   * How long a response marked {@code holdOpen} stays open at most. The suite releases it as soon as the client
   * dispatched the case's events, so a conforming client never waits this out: it is long, for a busy machine.
   */
  public static final long HOLD_OPEN_MILLIS = 10_000;

  /**
   * One scripted response. {@code holdOpen}: after its chunks the connection stays open until {@link #release()}
   * (or {@link #HOLD_OPEN_MILLIS}), so a case can require events to be dispatched while it is still open.
   */
  public record Response(String statusLine, Map<String, String> headers, List<byte[]> chunks, boolean holdOpen) {
    public static Response stream(List<byte[]> chunks) {
      return new Response("HTTP/1.1 200 OK", Map.of("Content-Type", "text/event-stream"), chunks, false);
    }
  }

  /**
   * One recorded request.
   *
   * @param path the request's path
   * @param headers its headers, names lower-cased
   * @param arrivedNanos when it arrived ({@code System.nanoTime()})
   * @param previousEndedNanos when the response before it ended, or 0 for the first
   */
  public record Request(String path, Map<String, String> headers, long arrivedNanos, long previousEndedNanos) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** Milliseconds between the end of the previous response and this request (-1 for the first). */
    public long delayMillis() {
      return previousEndedNanos == 0 ? -1 : (arrivedNanos - previousEndedNanos) / 1_000_000;
    }
  }

  private final ServerSocket server;
  private final List<Response> script;
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch released = new CountDownLatch(1);
  /** System.nanoTime() when a held-open response was closed; written by the server thread. */
  private volatile long heldClosedNanos;
  /** Whether every chunk was seen read before the next was written (false where the barrier is a pause). */
  private volatile boolean splitsVerified = true;
  private final Thread thread;
  private volatile boolean closed;

  public ScriptedServer(List<Response> script) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.script = script;
    this.thread = new Thread(this::serve, "scripted-sse-server");
    thread.setDaemon(true);
    thread.start();
  }

  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getLocalPort() + path);
  }

  public List<Request> requests() {
    synchronized (requests) {
      return new ArrayList<>(requests);
    }
  }

  /** Whether the whole script was served and the client came back for the closing 204. */
  public boolean scriptServed() {
    return requests.size() > script.size();
  }

  /** Ends a held-open response now. */
  public void release() {
    released.countDown();
  }

  /** When the held-open response was closed ({@code System.nanoTime()}), or 0 if not yet. */
  public long heldClosedNanos() {
    return heldClosedNanos;
  }

  /** Whether every split was seen consumed by the client before the next chunk. */
  public boolean splitsVerified() {
    return splitsVerified && Consumption.exact();
  }

  private void serve() {
    int next = 0;
    long lastEnded = 0;
    while (!closed) {
      try (Socket socket = server.accept()) {
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(5000);
        Request head = readRequest(socket.getInputStream());
        requests.add(new Request(head.path(), head.headers(), System.nanoTime(), lastEnded));
        Response response = next < script.size() ? script.get(next++)
            : new Response("HTTP/1.1 204 No Content", Map.of(), List.of(), false);
        OutputStream out = socket.getOutputStream();
        StringBuilder sb = new StringBuilder(response.statusLine()).append("\r\n");
        response.headers().forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        sb.append("Connection: close\r\n\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        for (byte[] chunk : response.chunks()) {
          out.write(chunk);
          out.flush();
          if (!Consumption.awaitRead(socket, 2000)) {
            splitsVerified = false;
          }
        }
        if (response.holdOpen()) {
          released.await(HOLD_OPEN_MILLIS, TimeUnit.MILLISECONDS);
          heldClosedNanos = System.nanoTime();
        }
      } catch (IOException | InterruptedException e) {
        if (closed) {
          return;
        }
      } finally {
        lastEnded = System.nanoTime();
      }
    }
  }

  private static Request readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    List<String> lines = new ArrayList<>();
    int prev = -1;
    for (int b = in.read(); b != -1; b = in.read()) {
      if (b == '\n' && prev == '\r') {
        byte[] bytes = line.toByteArray();
        String text = new String(bytes, 0, Math.max(0, bytes.length - 1), StandardCharsets.ISO_8859_1);
        if (text.isEmpty()) {
          break;
        }
        lines.add(text);
        line.reset();
      } else {
        line.write(b);
      }
      prev = b;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String h : lines.subList(Math.min(1, lines.size()), lines.size())) {
      int colon = h.indexOf(':');
      if (colon > 0) {
        headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
      }
    }
    String path = lines.isEmpty() ? "" : lines.get(0).split(" ")[1];
    return new Request(path, headers, 0, 0);
  }

  @Override
  public void close() throws IOException {
    closed = true;
    released.countDown();
    server.close();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
