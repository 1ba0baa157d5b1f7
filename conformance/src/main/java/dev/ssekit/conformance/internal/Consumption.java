package dev.ssekit.conformance.internal;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A byte-level barrier for split writes: after writing a chunk, wait until the client has read it. On Linux
 * the kernel's socket table ({@code /proc/net/tcp}, {@code tcp6}) shows, for the client's end of a loopback
 * connection, how many received bytes its program has not read yet, and for the server's end how many sent
 * bytes are not yet acknowledged; both at zero means the chunk was consumed by a read of its own, so the next
 * chunk cannot be merged with it. Where that table is missing the barrier falls back to a pause.
 */
public final class Consumption {

  private static final Path[] TABLES = {Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6")};
  private static final long FALLBACK_PAUSE_MILLIS = 20;
  /** The first look at the table comes this long after the write; each next one waits twice as long. */
  private static final long FIRST_LOOK_MILLIS = 1;
  private static final long MAX_LOOK_MILLIS = 32;

  private Consumption() {}

  /** Whether the barrier is exact here (else it pauses). */
  public static boolean exact() {
    return Files.isReadable(TABLES[0]);
  }

  /**
   * Waits until the peer of {@code socket} (a loopback client) has read everything sent on it, at most
   * {@code maxMillis}. Returns whether it was seen to.
   */
  public static boolean awaitRead(Socket socket, long maxMillis) throws InterruptedException {
    if (!exact()) {
      Thread.sleep(FALLBACK_PAUSE_MILLIS);
      return false;
    }
    String server = hexPort(socket.getLocalPort());
    String client = hexPort(socket.getPort());
    long deadline = System.nanoTime() + maxMillis * 1_000_000;
    // A client usually reads a chunk within a millisecond; one that takes longer is looked at less and less
    // often, so the table (which lists every socket on the machine) is read a handful of times per chunk.
    long pause = FIRST_LOOK_MILLIS;
    Thread.sleep(pause);
    while (!drained(server, client)) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return false;
      }
      pause = Math.min(MAX_LOOK_MILLIS, pause * 2);
      Thread.sleep(Math.min(pause, left));
    }
    return true;
  }

  private static String hexPort(int port) {
    return String.format(Locale.ROOT, "%04X", port);
  }

  /** Both ends idle: the server's end has nothing unacknowledged, the client's end nothing unread. */
  private static boolean drained(String serverPort, String clientPort) {
    boolean sawClient = false;
    for (Path table : TABLES) {
      List<String> lines;
      try {
        lines = Files.readAllLines(table);
      } catch (IOException e) {
        continue;
      }
      for (String line : lines) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 5 || !f[1].contains(":")) {
          continue;
        }
        String local = f[1].substring(f[1].indexOf(':') + 1);
        String remote = f[2].substring(f[2].indexOf(':') + 1);
        String[] queues = f[4].split(":");
        long tx = Long.parseLong(queues[0], 16);
        long rx = Long.parseLong(queues[1], 16);
        if (local.equals(serverPort) && remote.equals(clientPort) && tx != 0) {
          return false;
        }
        if (local.equals(clientPort) && remote.equals(serverPort)) {
          sawClient = true;
          if (rx != 0) {
            return false;
          }
        }
      }
      if (sawClient) {
        return true; // both ends are in one table: an IPv4 connection needs no look at tcp6
      }
    }
    return false;
  }
}
