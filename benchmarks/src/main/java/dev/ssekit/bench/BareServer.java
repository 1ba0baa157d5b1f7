package dev.ssekit.bench;

import dev.ssekit.bench.internal.Commands;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The practical limit of this machine: one NIO thread that writes the same pre-encoded event bytes to every
 * socket, with no auth, buffer, ids, tracking or per-client queue. The hub's figures are reported against it.
 */
public final class BareServer {

  private static final byte[] HEADERS = ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
      + "Cache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

  /** A connection's unsent bytes. */
  private static final class Conn {
    final Queue<ByteBuffer> pending = new ArrayDeque<>();
    boolean headersSent;
  }

  private final Selector selector = Selector.open();
  private final ServerSocketChannel server = ServerSocketChannel.open();
  private final Queue<byte[]> broadcasts = new ConcurrentLinkedQueue<>();

  private BareServer() throws IOException {
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16_384);
    server.configureBlocking(false);
    server.register(selector, SelectionKey.OP_ACCEPT);
  }

  public static void main(String[] args) throws Exception {
    BareServer bare = new BareServer();
    Thread loop = new Thread(bare::serve, "bare-nio");
    loop.setDaemon(true);
    loop.start();
    System.out.println("listening on http://127.0.0.1:" + bare.server.socket().getLocalPort() + "/");
    System.out.flush();
    Commands.loop(data -> {
      bare.broadcasts.add(frame(data));
      bare.selector.wakeup();
    });
  }

  private static byte[] frame(String data) {
    byte[] event = ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    byte[] size = (Integer.toHexString(event.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[size.length + event.length + 2];
    System.arraycopy(size, 0, out, 0, size.length);
    System.arraycopy(event, 0, out, size.length, event.length);
    out[out.length - 2] = '\r';
    out[out.length - 1] = '\n';
    return out;
  }

  private void serve() {
    ByteBuffer scratch = ByteBuffer.allocate(8192);
    try {
      while (true) {
        selector.select();
        for (byte[] frame; (frame = broadcasts.poll()) != null; ) {
          for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Conn conn && conn.headersSent) {
              conn.pending.add(ByteBuffer.wrap(frame));
              flush(key, conn);
            }
          }
        }
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
          SelectionKey key = it.next();
          it.remove();
          if (!key.isValid()) {
            continue;
          }
          if (key.isAcceptable()) {
            SocketChannel ch = server.accept();
            if (ch != null) {
              ch.configureBlocking(false);
              ch.register(selector, SelectionKey.OP_READ, new Conn());
            }
          } else {
            Conn conn = (Conn) key.attachment();
            if (key.isReadable()) {
              scratch.clear();
              int n;
              try {
                n = ((SocketChannel) key.channel()).read(scratch);
              } catch (IOException e) {
                n = -1;
              }
              if (n < 0) {
                key.cancel();
                key.channel().close();
                continue;
              }
              if (!conn.headersSent) { // the request: answer once, ignore the rest
                conn.headersSent = true;
                conn.pending.add(ByteBuffer.wrap(HEADERS));
              }
            }
            flush(key, conn);
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void flush(SelectionKey key, Conn conn) throws IOException {
    SocketChannel ch = (SocketChannel) key.channel();
    try {
      while (!conn.pending.isEmpty()) {
        ByteBuffer b = conn.pending.peek();
        ch.write(b);
        if (b.hasRemaining()) {
          key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
          return;
        }
        conn.pending.poll();
      }
      key.interestOps(SelectionKey.OP_READ);
    } catch (IOException e) {
      key.cancel();
      ch.close();
    }
  }
}
