package dev.ssekit.server.internal;

import dev.ssekit.server.BufferedMessage;
import dev.ssekit.server.MessageBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The default {@link MessageBuffer}: a ring of {@code maxSize} slots in publish order and an index from id
 * to position, so appending and finding an id are O(1). Every read first drops expired messages from the
 * front, so an expired message is never returned, swept or not. Thread-safe through its own monitor.
 */
public final class InMemoryMessageBuffer implements MessageBuffer {

  private record Slot(BufferedMessage message, long position, long expiresAtMillis) {}

  private final Slot[] ring;
  private final long ttlMillis;
  private final Clock clock;
  private final Map<String, Long> positionById = new HashMap<>();
  /** Position of the oldest held slot; positions grow by one per message. Guarded by this. */
  private long first = 0;
  /** Position the next message takes. Guarded by this. */
  private long next = 0;

  public InMemoryMessageBuffer(int maxSize, Duration ttl, Clock clock) {
    if (maxSize < 1) {
      throw new IllegalArgumentException("maxSize must be >= 1, was " + maxSize);
    }
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, was " + ttl);
    }
    this.ring = new Slot[maxSize];
    this.ttlMillis = ttl.toMillis();
    this.clock = clock == null ? Clock.systemUTC() : clock;
  }

  @Override
  public synchronized void addMessage(BufferedMessage message) {
    if (next - first == ring.length) {
      evictOldest();
    }
    long position = next++;
    ring[index(position)] = new Slot(message, position, clock.millis() + ttlMillis);
    positionById.put(message.id(), position);
  }

  /** Appends a message that expires at {@code expiresAtMillis} (a message read back from a journal). */
  synchronized void addMessage(BufferedMessage message, long expiresAtMillis) {
    if (next - first == ring.length) {
      evictOldest();
    }
    long position = next++;
    ring[index(position)] = new Slot(message, position, expiresAtMillis);
    positionById.put(message.id(), position);
  }

  @Override
  public synchronized Optional<List<BufferedMessage>> getMessagesSince(String id) {
    dropExpired();
    Long position = id == null ? null : positionById.get(id);
    if (position == null || position < first) {
      return Optional.empty();
    }
    return Optional.of(collectFrom(position + 1));
  }

  @Override
  public synchronized List<BufferedMessage> getMessages() {
    dropExpired();
    return collectFrom(first);
  }

  @Override
  public synchronized boolean contains(String id) {
    dropExpired();
    Long position = positionById.get(id);
    return position != null && position >= first;
  }

  @Override
  public synchronized Optional<String> oldestId() {
    dropExpired();
    return first < next ? Optional.of(ring[index(first)].message().id()) : Optional.empty();
  }

  @Override
  public synchronized int getSize() {
    dropExpired();
    return (int) (next - first);
  }

  @Override
  public synchronized void clear() {
    Arrays.fill(ring, null);
    positionById.clear();
    first = next;
  }

  @Override
  public synchronized void sweep() {
    dropExpired();
  }

  private List<BufferedMessage> collectFrom(long from) {
    if (from >= next) {
      return Collections.emptyList();
    }
    List<BufferedMessage> out = new ArrayList<>((int) (next - from));
    for (long p = from; p < next; p++) {
      out.add(ring[index(p)].message());
    }
    return out;
  }

  /** Messages expire in publish order, so expired ones are always the oldest: drop them from the front. */
  private void dropExpired() {
    long now = clock.millis();
    while (first < next && ring[index(first)].expiresAtMillis() <= now) {
      evictOldest();
    }
  }

  private void evictOldest() {
    int i = index(first);
    Slot slot = ring[i];
    positionById.remove(slot.message().id(), slot.position());
    ring[i] = null;
    first++;
  }

  private int index(long position) {
    return (int) (position % ring.length);
  }

}
