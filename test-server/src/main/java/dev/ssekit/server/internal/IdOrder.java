package dev.ssekit.server.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where an id stands in the hub's publish order, so acks can only move forward (clause 17), and who may see
 * it (clause 15). Hub ids carry their order; caller-chosen ids are remembered, the newest {@code memory} of
 * them. The recipients of the newest {@code memory} private messages are remembered too, so an id that
 * another client's private message carries is never taken for one the asking client may see; a caller-chosen
 * id keeps its recipient for as long as its order is remembered, so no answer tells that it exists (clause 17).
 * Thread-safe.
 */
final class IdOrder {

  /** To whom a private message went, and when: what the visibility rule needs. */
  record Recipient(String clientId, Instant timestamp) {}

  /** Where a remembered id stands, and the recipient of its message if that one is private (else null). */
  private record Known(long order, Recipient recipient) {}

  /** What {@link #of} answers for an id the hub does not know. */
  static final long UNKNOWN = Long.MIN_VALUE;

  private final HubIds ids;
  /**
   * The ids of messages an earlier run left in a persistent buffer, with negative orders (oldest lowest), so
   * they stand before every id of this run. Written only while the hub is made; bounded by the buffer's size.
   */
  private final Map<String, Known> earlier = new java.util.HashMap<>();
  /** Guarded by itself (and it guards {@link #privates} too). */
  private final Map<String, Known> chosen;
  private final Map<String, Recipient> privates;

  IdOrder(HubIds ids, final int memory) {
    this.ids = ids;
    this.chosen = bounded(memory);
    this.privates = bounded(memory);
  }

  private static <V> Map<String, V> bounded(int memory) {
    return new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > memory;
      }
    };
  }

  /**
   * Records a published message: the order of a caller-chosen id, and the recipient of a private message (a
   * repeated id points at its newest message, so a broadcast reusing an id makes it public).
   *
   * @param callerChosen whether the caller chose the id
   * @param recipient the client id of a private message, or null for a broadcast
   */
  void published(String id, long seq, boolean callerChosen, String recipient, Instant timestamp) {
    Recipient to = recipient == null ? null : new Recipient(recipient, timestamp);
    synchronized (chosen) {
      if (callerChosen) {
        chosen.put(id, new Known(seq, to));
      }
      if (to != null) {
        privates.put(id, to);
      } else if (callerChosen) {
        privates.remove(id);
      }
    }
  }

  /**
   * Records the id of a message an earlier run left in the buffer, at a negative {@code order}, with the
   * recipient of a private one (null for a broadcast).
   */
  void earlier(String id, long order, String recipient, Instant timestamp) {
    synchronized (chosen) {
      earlier.put(id, new Known(order, recipient == null ? null : new Recipient(recipient, timestamp)));
    }
  }

  /**
   * The recipient of the private message with this id, or null (a broadcast, or an id whose recipient and order
   * are both forgotten).
   */
  Recipient recipientOf(String id) {
    synchronized (chosen) {
      Recipient to = privates.get(id);
      if (to != null) {
        return to;
      }
      Known known = chosen.get(id);
      if (known == null) {
        known = earlier.get(id);
      }
      return known == null ? null : known.recipient();
    }
  }

  /**
   * The order of an id this run issued (at most {@code lastSeq}), or of one an earlier run left in a persistent
   * buffer (negative), or {@link #UNKNOWN}.
   */
  long of(String id, long lastSeq) {
    if (id == null) {
      return UNKNOWN;
    }
    synchronized (chosen) {
      Known known = chosen.get(id);
      if (known == null) {
        known = earlier.get(id);
      }
      if (known != null) {
        return known.order();
      }
    }
    long seq = ids.seqOf(id);
    return seq > 0 && seq <= lastSeq ? seq : UNKNOWN;
  }
}
