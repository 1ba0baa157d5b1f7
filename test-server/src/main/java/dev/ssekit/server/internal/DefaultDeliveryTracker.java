package dev.ssekit.server.internal;

import dev.ssekit.server.BufferedMessage;
import dev.ssekit.server.ClientDeliveryTracker;
import java.time.Instant;

/** The default tracker. Acks are written by request threads, sends by the client's stream thread. */
final class DefaultDeliveryTracker implements ClientDeliveryTracker {

  private final String clientId;
  /** Written by the stream thread of this client. */
  private volatile String lastSentId;
  /** Guarded by this. */
  private String lastAckedId;
  /** The hub's order of {@link #lastAckedId}; -1 for none. Guarded by this. */
  private long lastAckedOrder = -1;
  private volatile Instant lastSeen;
  /** The principal that owns this client id; set once, by the first stream that claims it. Guarded by this. */
  private String owner;

  /** When this tracker was made: private messages older than it were for an earlier holder of the id. */
  private final Instant created;

  DefaultDeliveryTracker(String clientId, Instant now) {
    this.clientId = clientId;
    this.lastSeen = now;
    this.created = now;
  }

  /**
   * Whether this client may see the message: broadcasts, and private messages to its id sent since this
   * tracker was made (never those sent to an earlier holder of the id whose tracker expired).
   */
  boolean maySee(BufferedMessage m) {
    return m.recipient() == null || (m.recipient().equals(clientId) && !m.timestamp().isBefore(created));
  }

  @Override
  public String clientId() {
    return clientId;
  }

  @Override
  public synchronized String lastAckedId() {
    return lastAckedId;
  }

  @Override
  public String lastSentId() {
    return lastSentId;
  }

  @Override
  public Instant lastSeen() {
    return lastSeen;
  }

  void sent(String id) {
    lastSentId = id;
  }

  void seen(Instant now) {
    lastSeen = now;
  }

  /**
   * Claims the client id for this principal if nobody owns it yet.
   *
   * @return whether the principal owns the client id now
   */
  synchronized boolean claim(String principal) {
    if (owner == null) {
      owner = principal;
    }
    return owner.equals(principal);
  }

  /** Whether this principal may act for the client id: it owns it, or nobody does yet. */
  synchronized boolean isOwnedBy(String principal) {
    return owner == null || owner.equals(principal);
  }

  /** Whether the client ever acknowledged anything. */
  synchronized boolean hasAcked() {
    return lastAckedOrder >= 0;
  }

  /** Records the ack if it moves forward in the hub's order; returns whether it did. */
  synchronized boolean acknowledge(String id, long order) {
    if (order <= lastAckedOrder) {
      return false;
    }
    lastAckedOrder = order;
    lastAckedId = id;
    return true;
  }
}
