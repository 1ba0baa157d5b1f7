package dev.ssekit.conformance.internal;

import static dev.ssekit.conformance.internal.Checks.WAIT;

import java.net.Socket;
import java.util.Map;
import java.util.UUID;

/**
 * Clause 18's "never delays delivery to anyone else": while one stream is never read, another receives each
 * message within {@link Checks#WAIT} of its publish, for more bytes than any socket buffer on the way to the
 * unread stream can hold (so a hub that writes to its streams under one lock, or from one thread, is held up by
 * the stuck write and shows it).
 */
final class StalledReader {

  /** The size of each message's data. */
  static final int MESSAGE_BYTES = 64 * 1024;
  /** How many are published: 16 MiB, four times Linux's largest default socket send buffer. */
  static final int MESSAGES = 256;

  private StalledReader() {}

  static void check(Wire wire, Judge j) throws Exception {
    String type = "conf-stalled-" + UUID.randomUUID().toString().substring(0, 8);
    String stalled = "conf-stalled-" + UUID.randomUUID();
    String payload = "d".repeat(MESSAGE_BYTES);
    try (Socket unread = wire.openUnread(stalled);
        EventStream reader = wire.connect("conf-stalled-reader-" + UUID.randomUUID(), Map.of(), WAIT)) {
      if (!listed(wire, stalled)) {
        j.that("the unread stream is connected (listed in /v1/admin/clients)", false, "not listed within "
            + WAIT.toSeconds() + " s");
        return;
      }
      long slowest = 0;
      for (int i = 0; i < MESSAGES; i++) {
        long start = System.nanoTime();
        String id = wire.broadcast("{\"event\":\"" + type + "\",\"data\":\"" + payload + "\"}");
        EventStream.Reading got = reader.until(id, WAIT);
        if (!got.reached()) {
          j.that("while another stream was never read, the read stream received each message of " + MESSAGE_BYTES
              + " bytes within " + WAIT.toSeconds() + " s of its publish", false, "message " + (i + 1) + " of "
              + MESSAGES + " (" + (long) i * MESSAGE_BYTES / 1024 + " KiB sent before it) not received: " + got.how());
          return;
        }
        slowest = Math.max(slowest, System.nanoTime() - start);
      }
      j.that("while another stream was never read, the read stream received each of " + MESSAGES + " messages of "
          + MESSAGE_BYTES + " bytes within " + WAIT.toSeconds() + " s of its publish", true, "slowest "
          + slowest / 1_000_000 + " ms");
    }
  }

  /** Whether the hub lists this client as connected, waiting at most {@link Checks#WAIT}. */
  private static boolean listed(Wire wire, String client) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (DeliveryChecks.clientRecord(wire, client) == null) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }
}
