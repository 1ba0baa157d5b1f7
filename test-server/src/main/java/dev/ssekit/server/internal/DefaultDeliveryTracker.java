package dev.ssekit.server.internal;

import dev.ssekit.server.ClientDeliveryTracker;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * The default tracker. Acks are written by request threads, sends by the client's stream thread. A tracker
 * lives while a stream of its client is attached to it, and after the last one left for its TTL (clause 17);
 * the client id's owner is the tracker's, so ownership ends only with the tracker.
 */
final class DefaultDeliveryTracker implements ClientDeliveryTracker {

  private final String clientId;
  /** Written by the stream thread of this client. */
  private volatile String lastSentId;
  /** Guarded by this. */
  private String lastAckedId;
  /** The hub's order of {@link #lastAckedId} (negative for an earlier run's id); none: UNKNOWN. Guarded by this. */
  private long lastAckedOrder = IdOrder.UNKNOWN;
  private volatile Instant lastSeen;
  /** The principal that owns this client id; set once, by the first stream that claims it. Guarded by this. */
  private String owner;
  /** Streams of this client that have not left yet (a replaced one may overlap its successor). Guarded by this. */
  private int streams;
  /**
   * The id and publish order of the newest private message sent to this client id while this tracker lived.
   * Guarded by the hub's publish lock (written when the message is published, read when a stream joins).
   */
  private String lastPrivateId;
  private long lastPrivateSeq;

  /** When this tracker was made: private messages older than it were for an earlier holder of the id. */
  private final Instant created;
  /**
   * The hub's publish order when this tracker was made: of the private messages published in the instant
   * {@link #created} (a clock that did not move), those up to this order were for an earlier holder.
   */
  private final long createdOrder;

  /** The principal this tracker is counted for in the hub's bounds (null: the total only). */
  private final String countedFor;

  /**
   * @param now when the tracker is made
   * @param order the hub's publish order now: every message published so far was for an earlier holder
   * @param countedFor the principal it is counted for in the hub's bounds, or null
   */
  DefaultDeliveryTracker(String clientId, Instant now, long order, String countedFor) {
    this.clientId = clientId;
    this.countedFor = countedFor;
    this.lastSeen = now;
    this.created = now;
    this.createdOrder = order;
  }

  /**
   * Whether this client may see a private message to {@code recipient} published at {@code timestamp}: one to
   * its id published since this tracker was made, never one for an earlier holder of the id whose tracker
   * expired. The time decides; in a tie (the clock did not move) the publish order does, asked of
   * {@code order} only then.
   */
  private boolean maySeePrivate(String recipient, Instant timestamp, LongSupplier order) {
    if (!recipient.equals(clientId)) {
      return false;
    }
    int c = timestamp.compareTo(created);
    return c > 0 || (c == 0 && order.getAsLong() > createdOrder);
  }

  /**
   * The one visibility rule (clause 15): whether a client with this tracker ({@code null}: a client id the hub
   * does not know, which sees broadcasts only) may see a message sent to {@code recipient} (null: everyone) at
   * {@code timestamp}, with {@code order} its publish order ({@link IdOrder#UNKNOWN} if not remembered).
   */
  static boolean maySee(DefaultDeliveryTracker tracker, String recipient, Instant timestamp, LongSupplier order) {
    return recipient == null || (tracker != null && tracker.maySeePrivate(recipient, timestamp, order));
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

  /** The principal this tracker is counted for in the bounds of clause 24, or null. */
  String countedFor() {
    return countedFor;
  }

  void seen(Instant now) {
    lastSeen = now;
  }

  /**
   * Attaches a stream of this principal: claims the client id if nobody owns it yet. A foreign principal is
   * refused and changes nothing (not even {@link #lastSeen}).
   *
   * @return whether the stream was attached (the principal owns the client id)
   */
  synchronized boolean attach(String principal) {
    if (owner == null) {
      owner = principal;
    }
    if (!owner.equals(principal)) {
      return false;
    }
    streams++;
    return true;
  }

  /** A stream of this client left: its TTL starts now, once no other stream of it is attached. */
  synchronized void detach(Instant now) {
    lastSeen = now;
    if (streams > 0) {
      streams--;
    }
  }

  /**
   * Whether the tracker has outlived its client: no stream attached, and last seen before the cutoff for a
   * client that acked ({@code ackedCutoff}) or one that never did ({@code unackedCutoff}).
   */
  synchronized boolean isExpired(Instant ackedCutoff, Instant unackedCutoff) {
    return streams == 0 && lastSeen.isBefore(hasAcked() ? ackedCutoff : unackedCutoff);
  }

  /** Under the publish lock: a private message to this client id was published. */
  void privatePublished(String id, long seq) {
    lastPrivateId = id;
    lastPrivateSeq = seq;
  }

  /** Under the publish lock: the id of the newest private message to this client, or null. */
  String lastPrivateId() {
    return lastPrivateId;
  }

  /** Under the publish lock: the publish order of {@link #lastPrivateId}, 0 for none. */
  long lastPrivateSeq() {
    return lastPrivateSeq;
  }

  /** Whether this principal may act for the client id: it owns it, or nobody does yet. */
  synchronized boolean isOwnedBy(String principal) {
    return owner == null || owner.equals(principal);
  }

  /** Whether the client ever acknowledged anything. */
  synchronized boolean hasAcked() {
    return lastAckedOrder != IdOrder.UNKNOWN;
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
