package dev.ssekit.bench;

import dev.ssekit.bench.internal.Commands;
import dev.ssekit.bench.internal.HubWire;
import dev.ssekit.server.TokenValidator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The practical limit of this machine, doing the hub's work on the wire and nothing more: one NIO thread
 * checks each request's bearer token with the hub's own constant-time validator
 * ({@link TokenValidator#staticTokens}), answers with the hub's response headers, and writes the hub's frames
 * byte for byte ({@link HubWire}): the {@code connected} event with its {@code retry:} hint, each broadcast with
 * an {@code id:} of the hub's form, a heartbeat per stream every interval, in chunked transfer coding. Like the
 * hub it drops a stream that falls a whole queue behind. It keeps no replay buffer, acks or per-client
 * tracking: that difference is what the fan-out benchmark measures.
 */
public final class BareServer implements AutoCloseable {

  /** Frames a stream may fall behind before it is dropped, as the hub's default client queue. */
  static final int QUEUE_CAPACITY = 1000;
  private static final int MAX_REQUEST_BYTES = 8192;
  private static final byte[] END_OF_HEADERS = {'\r', '\n', '\r', '\n'};

  /** One connection; touched by the NIO thread only. */
  private static final class Conn {
    byte[] request = new byte[512];
    int requestLength;
    boolean streaming;
    boolean closeWhenFlushed;
    final Queue<ByteBuffer> pending = new ArrayDeque<>();
    int pendingFrames;
    long nextHeartbeatNanos;
    final SelectionKey key;

    Conn(SelectionKey key) {
      this.key = key;
    }
  }

  private final Selector selector = Selector.open();
  private final ServerSocketChannel server = ServerSocketChannel.open();
  private final Queue<String> broadcasts = new ConcurrentLinkedQueue<>();
  private final TokenValidator tokens;
  private final HubWire wire;
  private final long heartbeatNanos;
  /** Streams in the order their heartbeats fall due (the interval is the same for all). */
  private final ArrayDeque<Conn> heartbeats = new ArrayDeque<>();
  private final Thread thread;
  private volatile boolean running = true;
  private long seq;

  private BareServer(String token, Duration heartbeat, Duration retryHint) throws IOException {
    this.tokens = TokenValidator.staticTokens(token);
    this.wire = new HubWire(retryHint.toMillis());
    this.heartbeatNanos = heartbeat.toNanos();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16_384);
    server.configureBlocking(false);
    server.register(selector, SelectionKey.OP_ACCEPT);
    thread = new Thread(this::serve, "bare-nio");
    thread.setDaemon(true);
    thread.start();
  }

  /** Starts a server on 127.0.0.1 and a free port that accepts only {@code token}. */
  public static BareServer start(String token, Duration heartbeat, Duration retryHint) throws IOException {
    return new BareServer(token, heartbeat, retryHint);
  }

  /** The stream's URL. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.socket().getLocalPort() + "/v1/sse");
  }

  /** Sends {@code data} to every stream (from any thread); refused once the server is closed. */
  public void broadcast(String data) {
    if (!running) {
      throw new IllegalStateException("the bare server is closed");
    }
    broadcasts.add(data);
    selector.wakeup();
  }

  /** Stops the NIO thread and closes every socket. Idempotent. */
  @Override
  public synchronized void close() throws IOException {
    if (!selector.isOpen()) {
      return;
    }
    running = false;
    selector.wakeup();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (SelectionKey key : selector.keys()) {
      key.channel().close();
    }
    selector.close();
    server.close();
  }

  /** A child process for the fan-out benchmark: {@code <heartbeat seconds> <retry ms>}, token in the environment. */
  public static void main(String[] args) throws Exception {
    try (BareServer bare = start(Commands.tokenFromEnvironment(), Duration.ofSeconds(Long.parseLong(args[0])),
        Duration.ofMillis(Long.parseLong(args[1])))) {
      System.out.println("listening on " + bare.url());
      System.out.flush();
      Commands.loop(bare::broadcast);
    }
  }

  private void serve() {
    ByteBuffer scratch = ByteBuffer.allocate(8192);
    try {
      while (running) {
        Conn due = heartbeats.peek();
        long waitMillis = due == null ? 0
            : Math.max(1, TimeUnit.NANOSECONDS.toMillis(due.nextHeartbeatNanos - System.nanoTime()) + 1);
        selector.select(waitMillis);
        sendBroadcasts();
        sendHeartbeats();
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
          SelectionKey key = it.next();
          it.remove();
          if (!key.isValid()) {
            continue;
          }
          if (key.isAcceptable()) {
            accept();
          } else {
            Conn conn = (Conn) key.attachment();
            if (key.isReadable() && !read(conn, scratch)) {
              continue;
            }
            if (key.isValid()) {
              flush(conn);
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      if (running) {
        System.err.println("bare server failed: " + e);
      }
    }
  }

  private void accept() throws IOException {
    for (SocketChannel ch; (ch = server.accept()) != null; ) {
      ch.configureBlocking(false);
      SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
      key.attach(new Conn(key));
    }
  }

  /** Reads what the client sent; returns false when the connection ended. */
  private boolean read(Conn conn, ByteBuffer scratch) throws IOException {
    SocketChannel ch = (SocketChannel) conn.key.channel();
    scratch.clear();
    int n;
    try {
      n = ch.read(scratch);
    } catch (IOException e) {
      n = -1;
    }
    if (n < 0) {
      drop(conn);
      return false;
    }
    if (conn.streaming || conn.closeWhenFlushed) {
      return true; // a stream's request is done; anything more is ignored, as the hub does
    }
    if (conn.requestLength + n > MAX_REQUEST_BYTES) {
      respondAndClose(conn, "431 Request Header Fields Too Large");
      return true;
    }
    if (conn.requestLength + n > conn.request.length) {
      conn.request = java.util.Arrays.copyOf(conn.request, MAX_REQUEST_BYTES);
    }
    System.arraycopy(scratch.array(), 0, conn.request, conn.requestLength, n);
    conn.requestLength += n;
    int end = indexOf(conn.request, conn.requestLength, END_OF_HEADERS);
    if (end >= 0) {
      startStream(conn, new String(conn.request, 0, end, StandardCharsets.ISO_8859_1));
      conn.request = null;
    }
    return true;
  }

  private void startStream(Conn conn, String head) {
    String token = HubWire.bearerToken(head);
    if (token == null) {
      respondAndClose(conn, "401 Unauthorized");
      return;
    }
    boolean valid;
    try {
      valid = tokens.validate(token);
    } catch (Exception e) {
      valid = false;
    }
    if (!valid) {
      respondAndClose(conn, "403 Forbidden");
      return;
    }
    conn.streaming = true;
    conn.pending.add(ByteBuffer.wrap(wire.responseHeaders()));
    String joinedAt = HubWire.idFor(wire.runPrefix(), seq); // the newest id, or <run>-0 before the first
    conn.pending.add(ByteBuffer.wrap(HubWire.chunk(wire.connected(HubWire.newClientId(), joinedAt))));
    conn.nextHeartbeatNanos = System.nanoTime() + heartbeatNanos;
    heartbeats.add(conn);
  }

  private void respondAndClose(Conn conn, String status) {
    conn.closeWhenFlushed = true;
    conn.pending.add(ByteBuffer.wrap(("HTTP/1.1 " + status + "\r\nWWW-Authenticate: Bearer\r\n"
        + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
  }

  private void sendBroadcasts() throws IOException {
    List<byte[]> frames = new ArrayList<>();
    for (String data; (data = broadcasts.poll()) != null; ) {
      frames.add(wire.event(HubWire.idFor(wire.runPrefix(), ++seq), data));
    }
    if (frames.isEmpty()) {
      return;
    }
    List<byte[]> chunks = HubWire.chunks(frames);
    for (SelectionKey key : selector.keys()) {
      if (key.attachment() instanceof Conn conn && conn.streaming && key.isValid()) {
        for (byte[] c : chunks) {
          conn.pending.add(ByteBuffer.wrap(c));
        }
        conn.pendingFrames += frames.size();
        if (conn.pendingFrames > QUEUE_CAPACITY) {
          drop(conn); // a whole queue behind: the hub's slow-consumer rule
        } else {
          flush(conn);
        }
      }
    }
  }

  private void sendHeartbeats() throws IOException {
    long now = System.nanoTime();
    for (Conn conn = heartbeats.peek(); conn != null && now - conn.nextHeartbeatNanos >= 0;
        conn = heartbeats.peek()) {
      heartbeats.poll();
      if (!conn.key.isValid()) {
        continue;
      }
      conn.pending.add(ByteBuffer.wrap(HubWire.chunk(wire.heartbeat())));
      conn.nextHeartbeatNanos = now + heartbeatNanos;
      heartbeats.add(conn);
      flush(conn);
    }
  }

  private void flush(Conn conn) throws IOException {
    SocketChannel ch = (SocketChannel) conn.key.channel();
    try {
      while (!conn.pending.isEmpty()) {
        ByteBuffer b = conn.pending.peek();
        ch.write(b);
        if (b.hasRemaining()) {
          conn.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
          return;
        }
        conn.pending.poll();
      }
      conn.pendingFrames = 0;
      if (conn.closeWhenFlushed) {
        drop(conn);
        return;
      }
      conn.key.interestOps(SelectionKey.OP_READ);
    } catch (IOException e) {
      drop(conn);
    }
  }

  private static void drop(Conn conn) throws IOException {
    conn.key.cancel();
    conn.key.channel().close();
    conn.pending.clear();
  }

  private static int indexOf(byte[] hay, int length, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= length; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (hay[i + k] != needle[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
