package dev.ssekit.client.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback between a client and a server that can cut every connection at once (in the
 * middle of whatever is in flight) or refuse connections for a while, as a flaky mobile network would.
 */
public final class ChaosProxy implements AutoCloseable {

  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicInteger cuts = new AtomicInteger();
  private volatile boolean refusing;
  private volatile boolean closed;
  private final Thread acceptor;

  public ChaosProxy(int targetPort) throws IOException {
    this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
    this.listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, "chaos-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** Cuts every open connection now. */
  public void cutAll() {
    for (Socket s : sockets) {
      closeQuietly(s);
    }
    cuts.incrementAndGet();
  }

  public int cuts() {
    return cuts.get();
  }

  /** While refusing, new connections are closed at once (and open ones are cut). */
  public void refuse(boolean refuse) {
    this.refusing = refuse;
    if (refuse) {
      cutAll();
    }
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        if (refusing) {
          closeQuietly(client);
          continue;
        }
        Socket upstream = new Socket();
        upstream.connect(target, 5000);
        sockets.add(client);
        sockets.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void pump(Socket from, Socket to) throws IOException {
    InputStream in = from.getInputStream();
    OutputStream out = to.getOutputStream();
    Thread t = new Thread(() -> {
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = in.read(buf)) != -1; ) {
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException ignored) {
        // cut
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        sockets.remove(from);
        sockets.remove(to);
      }
    }, "chaos-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
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
    cutAll();
  }
}
