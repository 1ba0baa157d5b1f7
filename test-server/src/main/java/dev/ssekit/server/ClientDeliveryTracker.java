package dev.ssekit.server;

import java.time.Instant;

/**
 * What the hub knows about one client's delivery: the last id it was sent and the last id it acknowledged.
 * A tracker outlives its client's connection for as long as the buffer keeps messages (its TTL), so the hub
 * still knows what is undelivered when the client comes back. Safe to read from any thread.
 */
public interface ClientDeliveryTracker {

  /** The client id this tracker belongs to. */
  String clientId();

  /** The id of the last message the client acknowledged, or {@code null} if none. */
  String lastAckedId();

  /** The id of the last message the hub wrote to the client's stream, or {@code null} if none. */
  String lastSentId();

  /** When the client was last connected or last acknowledged. */
  Instant lastSeen();
}
