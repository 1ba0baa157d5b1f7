package dev.ssekit.server.internal;

import dev.ssekit.server.BufferedMessage;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The live side of the hub: a ring of the last {@code capacity} published frames, shared by every stream.
 * Each stream reads it with its own cursor, so a publish is one append and no per-client copy; a stream whose
 * cursor falls more than {@code capacity} behind has lost messages and must be disconnected (its queue is
 * full). Appends happen under the hub's publish lock; reads are lock-free.
 */
final class Journal {

  /**
   * One published frame. {@code recipient} is {@code null} for a broadcast. {@code message} is the buffered
   * message it was encoded from when the hub's own buffer holds that very instance (so a replay can reuse the
   * frame), else {@code null}: a custom buffer returns copies, and holding the message would only cost memory.
   */
  record Entry(long seq, String id, String recipient, byte[] frame, BufferedMessage message) {
    boolean isVisibleTo(String clientId) {
      return recipient == null || recipient.equals(clientId);
    }
  }

  private final AtomicReferenceArray<Entry> ring;
  private final int capacity;
  /** The seq of the newest entry, 0 before the first. Written by publishers under the publish lock. */
  private volatile long head;

  Journal(int capacity) {
    this.capacity = capacity;
    this.ring = new AtomicReferenceArray<>(capacity);
  }

  /** Appends the entry whose seq is {@code head() + 1}. Caller holds the publish lock. */
  void append(Entry entry) {
    ring.set((int) (entry.seq() % capacity), entry);
    head = entry.seq();
  }

  long head() {
    return head;
  }

  /** The entry with this seq, or {@code null} if the ring has already overwritten it. */
  Entry get(long seq) {
    Entry entry = ring.get((int) (seq % capacity));
    return entry != null && entry.seq() == seq ? entry : null;
  }

  /** Whether a reader whose last taken seq is {@code cursor} has fallen too far behind. */
  boolean isOverrun(long cursor) {
    return head - cursor > capacity;
  }
}
