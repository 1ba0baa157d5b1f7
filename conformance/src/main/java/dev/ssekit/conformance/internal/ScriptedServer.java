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

/**
 * Plays exact bytes to a client over a plain socket: each scripted response is written chunk by chunk with a
 * pause between chunks, so the client's reads split where the case says (one byte, a CR at the end of one read
 * and its LF at the start of the next). It records every request's path and headers. When the script runs
 * out, it answers 204 so a conforming client stops.
 */
public final class ScriptedServer implements AutoCloseable {

  /** One scripted response. */
  public record Response(String statusLine, Map<String, String> headers, List<byte[]> chunks) {
    public static Response stream(List<byte[]> chunks) {
      return new Response("HTTP/1.1 200 OK", Map.of("Content-Type", "text/event-stream"), chunks);
    }
  }

  /** One recorded request. */
  public record Request(String path, Map<String, String> headers) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final ServerSocket server;
  private final List<Response> script;
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  /** System.nanoTime() of the last request or response; the script is done once all of it was served. */
  private volatile long lastActivityNanos;
  private volatile boolean scriptDone;
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

  /** Whether every scripted response was served and nothing happened for {@code quietNanos} since. */
  public boolean quietAfterScript(long quietNanos) {
    return scriptDone && System.nanoTime() - lastActivityNanos > quietNanos;
  }

  public List<Request> requests() {
    synchronized (requests) {
      return new ArrayList<>(requests);
    }
  }

  private void serve() {
    int next = 0;
    while (!closed) {
      try (Socket socket = server.accept()) {
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(5000);
        requests.add(readRequest(socket.getInputStream()));
        lastActivityNanos = System.nanoTime();
        Response response = next < script.size() ? script.get(next++)
            : new Response("HTTP/1.1 204 No Content", Map.of(), List.of());
        OutputStream out = socket.getOutputStream();
        StringBuilder head = new StringBuilder(response.statusLine()).append("\r\n");
        response.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("Connection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        for (byte[] chunk : response.chunks()) {
          out.write(chunk);
          out.flush();
          Thread.sleep(5); // let the client read this chunk on its own
        }
        lastActivityNanos = System.nanoTime();
        scriptDone = next >= script.size();
      } catch (IOException | InterruptedException e) {
        if (closed) {
          return;
        }
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
    return new Request(path, headers);
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
  }
}
