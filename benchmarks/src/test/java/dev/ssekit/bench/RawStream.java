package dev.ssekit.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A stream request over a plain socket that keeps every byte the server sent, read on its own thread. */
final class RawStream implements AutoCloseable {

  private final Socket socket;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final Thread reader;
  private volatile boolean ended;

  private final Object gate = new Object();
  /** Guarded by gate. */
  private boolean reading;

  RawStream(URI url, String authorization) throws IOException {
    this(url, authorization, false);
  }

  private RawStream(URI url, String authorization, boolean paused) throws IOException {
    reading = !paused;
    socket = new Socket(url.getHost(), url.getPort());
    String request = "GET " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
        + "\r\nAccept: text/event-stream\r\n" + (authorization == null ? "" : "Authorization: " + authorization
        + "\r\n") + "\r\n";
    socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
    reader = new Thread(this::read, "raw-stream");
    reader.start();
  }

  /** A stream that does not read until {@link #startReading} (its server's writes back up). */
  static RawStream paused(URI url, String authorization) throws IOException {
    return new RawStream(url, authorization, true);
  }

  void startReading() {
    synchronized (gate) {
      reading = true;
      gate.notifyAll();
    }
  }

  private void read() {
    byte[] buf = new byte[8192];
    try {
      InputStream in = socket.getInputStream();
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        synchronized (bytes) {
          bytes.write(buf, 0, n);
        }
        synchronized (gate) {
          while (!reading) {
            gate.wait();
          }
        }
      }
    } catch (IOException | InterruptedException e) {
      // the socket was closed
    } finally {
      ended = true;
    }
  }

  /** Whether the response ended: the connection closed, or the chunked body's last (empty) chunk arrived. */
  boolean ended() {
    return ended || chunkSizes().contains(0);
  }

  byte[] bytes() {
    synchronized (bytes) {
      return bytes.toByteArray();
    }
  }

  /** The status line and header lines. */
  String head() {
    String all = new String(bytes(), StandardCharsets.ISO_8859_1);
    int end = all.indexOf("\r\n\r\n");
    return end < 0 ? all : all.substring(0, end);
  }

  /** The chunk sizes of the body so far. */
  List<Integer> chunkSizes() {
    List<Integer> sizes = new ArrayList<>();
    decode(sizes);
    return sizes;
  }

  /** The body so far, with the chunked coding taken off, as UTF-8. */
  String body() {
    return decode(new ArrayList<>());
  }

  private String decode(List<Integer> sizes) {
    byte[] all = bytes();
    int at = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (at < 0) {
      return "";
    }
    at += 4;
    while (true) {
      int lineEnd = indexOf(all, new byte[] {'\r', '\n'}, at);
      if (lineEnd < 0) {
        break;
      }
      int size = Integer.parseInt(new String(all, at, lineEnd - at, StandardCharsets.US_ASCII).trim(), 16);
      if (lineEnd + 2 + size + 2 > all.length) {
        break;
      }
      sizes.add(size);
      body.write(all, lineEnd + 2, size);
      at = lineEnd + 2 + size + 2;
      if (size == 0) {
        break;
      }
    }
    return new String(body.toByteArray(), StandardCharsets.UTF_8);
  }

  /** The event blocks of the body so far (each without its blank line). */
  List<String> frames() {
    String body = body();
    List<String> frames = new ArrayList<>(Arrays.asList(body.split("\n\n", -1)));
    frames.remove(frames.size() - 1); // what follows the last blank line is not a whole block yet
    return frames;
  }

  private static int indexOf(byte[] hay, byte[] needle, int from) {
    outer:
    for (int i = from; i + needle.length <= hay.length; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (hay[i + k] != needle[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    socket.close();
    startReading();
    reader.join(5000);
  }
}
