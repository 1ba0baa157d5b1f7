package dev.ssekit.conformance.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.SecureRandom;

/**
 * Local source addresses of their own for the checks, so that what a hub keys by the remote address (its rate
 * limiter, clause 4) starts fresh for each check instead of holding what an earlier one left. Only a hub on
 * loopback can be reached from another address of {@code 127.0.0.0/8} (Linux answers the whole block on
 * {@code lo}); elsewhere, or where binding one fails, every check uses the system's choice.
 */
public final class Sources {

  private static final SecureRandom RANDOM = new SecureRandom();
  /** Whether this machine can bind an address of 127.0.0.0/8 other than 127.0.0.1; null until tried. */
  private static volatile Boolean loopbackBlock;

  private Sources() {}

  /** A fresh loopback address to send from when {@code base} is on loopback and that works here, else null. */
  public static InetAddress freshFor(URI base) {
    try {
      InetAddress host = InetAddress.getByName(base.getHost());
      if (!host.isLoopbackAddress() || host.getAddress().length != 4 || !loopbackBlockWorks()) {
        return null;
      }
    } catch (UnknownHostException e) {
      return null;
    }
    return random();
  }

  private static InetAddress random() {
    byte[] a = {127, (byte) (1 + RANDOM.nextInt(254)), (byte) RANDOM.nextInt(256), (byte) (1 + RANDOM.nextInt(254))};
    try {
      return InetAddress.getByAddress(a);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // four bytes are always an address
    }
  }

  private static boolean loopbackBlockWorks() {
    Boolean works = loopbackBlock;
    if (works == null) {
      try (Socket s = new Socket()) {
        s.bind(new InetSocketAddress(random(), 0));
        works = true;
      } catch (IOException e) {
        works = false;
      }
      loopbackBlock = works;
    }
    return works;
  }
}
