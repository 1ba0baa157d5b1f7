package dev.ssekit.bench.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N event streams of one load process on one NIO thread (a thread per stream could not hold 10,000). Each
 * connection binds a loopback source address of its own (round robin over {@code sources}) before it
 * connects, so more streams fit than one address has ephemeral ports. For each event it finds the publisher's
 * {@code "t":<nanos>} stamp and records the broadcast-to-receipt latency against {@link System#nanoTime} read
 * right after the {@code read()} that returned it (one clock reading per read, never one per
 * {@code select()}). It parses nothing else but the HTTP chunk framing (a chunk line can fall inside a stamp),
 * so its own cost stays small and equal for every server.
 */
public final class LoadClients implements AutoCloseable {

  private static final byte[] OK = "HTTP/1.1 200".getBytes(StandardCharsets.US_ASCII);

  /** One stream: whether it started, and its stamp scanner. */
  private static final class Conn {
    boolean started;
    /** The status line's first bytes, gathered until there are enough to tell a 200 (a read may be short). */
    final byte[] status = new byte[OK.length];
    int statusLength;
    final StampScanner stamps = new StampScanner();
  }

  private final Selector selector = Selector.open();
  private final Queue<SocketChannel> connected = new ConcurrentLinkedQueue<>();
  private final Thread reader;
  private final Thread connector;
  private volatile boolean running = true;
  private final AtomicInteger connects = new AtomicInteger();
  private final AtomicInteger started = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private final AtomicInteger lost = new AtomicInteger();
  private final AtomicLong received = new AtomicLong();
  /** Guarded by itself; the NIO thread records, {@link #takeLatencies} reads and resets. */
  private final LatencyHistogram latencies = new LatencyHistogram();

  /**
   * Opens {@code n} streams to {@code url} in the background, each with {@code Authorization: Bearer token},
   * binding the source addresses in turn.
   */
  public LoadClients(URI url, String token, int n, List<InetAddress> sources) throws IOException {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("at least one source address is required");
    }
    byte[] request = ("GET " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
        + "\r\nAccept: text/event-stream\r\nAuthorization: Bearer " + token + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    InetSocketAddress target = new InetSocketAddress(url.getHost(), url.getPort());
    reader = new Thread(this::loop, "load-reader");
    reader.setDaemon(true);
    reader.start();
    connector = new Thread(() -> connectAll(target, request, n, sources), "load-connector");
    connector.setDaemon(true);
    connector.start();
  }

  private void connectAll(InetSocketAddress target, byte[] request, int n, List<InetAddress> sources) {
    for (int i = 0; i < n && running; i++) {
      SocketChannel ch = null;
      try {
        ch = SocketChannel.open();
        ch.bind(new InetSocketAddress(sources.get(i % sources.size()), 0));
        ch.connect(target); // blocking: keeps the server's accept queue from overflowing
        ch.write(ByteBuffer.wrap(request));
        ch.configureBlocking(false);
        connected.add(ch);
        selector.wakeup();
      } catch (IOException e) {
        refused.incrementAndGet();
        closeQuietly(ch);
      } finally {
        connects.incrementAndGet();
      }
    }
  }

  /** Connection attempts made so far (successful or not). */
  public int connects() {
    return connects.get();
  }

  /** Streams whose {@code 200} response arrived. */
  public int started() {
    return started.get();
  }

  /** Connections that could not be made or were answered with something other than 200. */
  public int refused() {
    return refused.get();
  }

  /** Streams that ended after they started. */
  public int lost() {
    return lost.get();
  }

  /** Events received since the last {@link #takeLatencies}. */
  public long received() {
    return received.get();
  }

  /** The latencies recorded since the last call, and the received count, both reset. */
  public LatencyHistogram takeLatencies() {
    LatencyHistogram copy = new LatencyHistogram();
    synchronized (latencies) {
      copy.add(latencies);
      latencies.reset();
      received.set(0);
    }
    return copy;
  }

  private void loop() {
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    try {
      while (running) {
        selector.select(100);
        for (SocketChannel ch; (ch = connected.poll()) != null; ) {
          ch.register(selector, SelectionKey.OP_READ, new Conn());
        }
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
          SelectionKey key = it.next();
          it.remove();
          readOnce(key, buf);
        }
      }
    } catch (IOException | RuntimeException e) {
      if (running) {
        System.err.println("load reader failed: " + e);
      }
    }
  }

  private void readOnce(SelectionKey key, ByteBuffer buf) throws IOException {
    Conn conn = (Conn) key.attachment();
    buf.clear();
    int n;
    try {
      n = ((SocketChannel) key.channel()).read(buf);
    } catch (IOException e) {
      n = -1;
    }
    long now = System.nanoTime(); // this read's own receipt time
    if (n < 0) {
      if (conn.started) {
        lost.incrementAndGet();
      } else {
        refused.incrementAndGet();
      }
      key.cancel();
      key.channel().close();
      return;
    }
    byte[] data = buf.array();
    if (!conn.started) {
      int take = Math.min(n, OK.length - conn.statusLength);
      System.arraycopy(data, 0, conn.status, conn.statusLength, take);
      conn.statusLength += take;
      if (conn.statusLength < OK.length) {
        conn.stamps.scan(data, n, t -> { }); // the head goes through the scanner all the same; it holds no stamp
        return;
      }
      if (!startsWith(conn.status, OK)) {
        refused.incrementAndGet();
        key.cancel();
        key.channel().close();
        return;
      }
      conn.started = true;
      started.incrementAndGet();
    }
    scan(conn, data, n, now);
  }

  /** Records every stamp this read completes, all at this read's receipt time. */
  private void scan(Conn conn, byte[] data, int n, long now) {
    synchronized (latencies) {
      int found = conn.stamps.scan(data, n, t -> latencies.record(TimeUnit.NANOSECONDS.toMicros(now - t)));
      received.addAndGet(found);
    }
  }

  private static boolean startsWith(byte[] data, byte[] prefix) {
    for (int k = 0; k < prefix.length; k++) {
      if (data[k] != prefix[k]) {
        return false;
      }
    }
    return true;
  }

  private static void closeQuietly(SocketChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // nothing to do
      }
    }
  }

  /** Stops both threads and closes every connection. */
  @Override
  public void close() throws IOException, InterruptedException {
    running = false;
    selector.wakeup();
    connector.join(TimeUnit.SECONDS.toMillis(10));
    reader.join(TimeUnit.SECONDS.toMillis(5));
    for (SelectionKey key : selector.keys()) {
      key.channel().close();
    }
    for (SocketChannel ch; (ch = connected.poll()) != null; ) {
      closeQuietly(ch);
    }
    selector.close();
  }
}
