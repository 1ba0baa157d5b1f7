package dev.ssekit.bench.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * N event streams on one NIO thread (a thread per stream could not hold 10,000). For each received event it
 * finds the publisher's {@code "t":<nanos>} stamp and records the broadcast-to-receipt latency. It parses
 * nothing else, so its own cost stays small and equal for every server it measures.
 */
public final class LoadClients implements AutoCloseable {

  private static final byte[] STAMP = "\"t\":".getBytes(StandardCharsets.US_ASCII);

  /** Per-connection state: whether headers arrived, and the tail of the last read (a stamp may be split). */
  private static final class Conn {
    boolean started;
    byte[] tail = new byte[0];
  }

  private final Selector selector = Selector.open();
  private final Thread thread;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicInteger started = new AtomicInteger();
  private final AtomicInteger errors = new AtomicInteger();
  /** Latencies in ns; written by the NIO thread only. */
  private long[] latencies = new long[1 << 16];
  private volatile int count;

  public LoadClients(URI url, int n) throws IOException {
    byte[] request = ("GET " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
        + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    InetSocketAddress address = new InetSocketAddress(url.getHost(), url.getPort());
    for (int i = 0; i < n; i++) {
      SocketChannel ch = SocketChannel.open();
      try {
        ch.connect(address); // blocking connect keeps the accept queue from overflowing
        ch.write(ByteBuffer.wrap(request));
        ch.configureBlocking(false);
        ch.register(selector, SelectionKey.OP_READ, new Conn());
      } catch (IOException e) {
        errors.incrementAndGet();
        ch.close();
      }
    }
    thread = new Thread(this::loop, "load-clients");
    thread.setDaemon(true);
    thread.start();
  }

  /** Streams whose response headers arrived. */
  public int started() {
    return started.get();
  }

  public int errors() {
    return errors.get();
  }

  public int received() {
    return count;
  }

  /** A sorted copy of the latencies so far, in microseconds. */
  public long[] latenciesMicros() {
    int n = count;
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = latencies[i] / 1000;
    }
    Arrays.sort(out);
    return out;
  }

  private void loop() {
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    try {
      while (running.get()) {
        selector.select(200);
        long now = System.nanoTime();
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
          SelectionKey key = it.next();
          it.remove();
          Conn conn = (Conn) key.attachment();
          buf.clear();
          int n;
          try {
            n = ((SocketChannel) key.channel()).read(buf);
          } catch (IOException e) {
            n = -1;
          }
          if (n < 0) {
            errors.incrementAndGet();
            key.cancel();
            key.channel().close();
            continue;
          }
          if (!conn.started) {
            conn.started = true;
            started.incrementAndGet();
          }
          scan(conn, buf.array(), n, now);
        }
      }
    } catch (IOException e) {
      errors.incrementAndGet();
    }
  }

  private void scan(Conn conn, byte[] data, int n, long now) {
    byte[] region = new byte[conn.tail.length + n];
    System.arraycopy(conn.tail, 0, region, 0, conn.tail.length);
    System.arraycopy(data, 0, region, conn.tail.length, n);
    int i = 0;
    int lastComplete = 0;
    outer:
    while (i <= region.length - STAMP.length) {
      for (int k = 0; k < STAMP.length; k++) {
        if (region[i + k] != STAMP[k]) {
          i++;
          continue outer;
        }
      }
      int j = i + STAMP.length;
      long t = 0;
      while (j < region.length && region[j] >= '0' && region[j] <= '9') {
        t = t * 10 + (region[j] - '0');
        j++;
      }
      if (j == region.length) {
        break; // the number may go on in the next read
      }
      record(now - t);
      i = j;
      lastComplete = j;
    }
    int keepFrom = Math.max(lastComplete, region.length - 32);
    conn.tail = Arrays.copyOfRange(region, Math.max(keepFrom, 0), region.length);
  }

  private void record(long nanos) {
    if (count == latencies.length) {
      latencies = Arrays.copyOf(latencies, latencies.length * 2);
    }
    latencies[count] = nanos;
    count = count + 1;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    running.set(false);
    selector.wakeup();
    thread.join(5000);
    for (SelectionKey key : selector.keys()) {
      key.channel().close();
    }
    selector.close();
  }
}
