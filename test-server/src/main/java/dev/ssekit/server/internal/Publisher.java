package dev.ssekit.server.internal;

import dev.ssekit.server.BufferedMessage;
import dev.ssekit.server.Message;
import dev.ssekit.server.MessageBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Publishing: numbers each message, appends it to the buffer and the journal under the publish lock, then
 * wakes the streams (the fan-out) without it. A connect uses {@link #atomically} to take its replay snapshot
 * and journal cursor in the same step, so replay and live meet with no gap and no duplicate (clause 13).
 * Owns the hub's running state: {@link #stop} flips it under the same lock, so no publish or connect
 * happens after it.
 */
final class Publisher {

  private final MessageBuffer buffer;
  /** Whether the buffer is the hub's own, which hands back the very instances it was given (see Journal.Entry). */
  private final boolean ownBuffer;
  private final Journal journal;
  private final SseFrames frames;
  private final StreamRegistry streams;
  private final Clock clock;
  private final HubIds ids = new HubIds();
  private final IdOrder idOrder;
  private final ReentrantLock lock = new ReentrantLock();
  /** Guarded by lock. */
  private long lastSeq;
  /** The id of this run's first message, or null before the first; written once, under lock. */
  private volatile String firstId;
  /** The id and seq of this run's newest broadcast, or null and 0 before the first. Guarded by lock. */
  private String lastBroadcastId;
  private long lastBroadcastSeq;
  /** The tracker of a client id, or null: told of each private message to it. */
  private final Function<String, DefaultDeliveryTracker> trackers;
  /** Written under lock; read anywhere. */
  private volatile boolean stopped;
  private final LongAdder published = new LongAdder();
  /** Every event type published since start, at most {@link #MAX_EVENT_TYPES}. */
  private final Set<String> eventTypes = ConcurrentHashMap.newKeySet();

  /** The most event types {@link #eventTypes} remembers. */
  static final int MAX_EVENT_TYPES = 100;

  Publisher(MessageBuffer buffer, Journal journal, SseFrames frames, StreamRegistry streams, Clock clock,
      int idMemory, Function<String, DefaultDeliveryTracker> trackers) {
    this.trackers = trackers;
    this.buffer = buffer;
    this.ownBuffer = buffer instanceof InMemoryMessageBuffer;
    this.journal = journal;
    this.frames = frames;
    this.streams = streams;
    this.clock = clock;
    this.idOrder = new IdOrder(ids, idMemory);
    // A persistent buffer may hold an earlier run's private messages: they stay private (clause 15).
    // Its ids stand before this run's, in the order held, so they can be acknowledged (clause 17).
    List<BufferedMessage> held = buffer.getMessages();
    for (int i = 0; i < held.size(); i++) {
      BufferedMessage m = held.get(i);
      idOrder.earlier(m.id(), (long) i - held.size(), m.recipient(), m.timestamp());
    }
  }

  /** Publishes to everyone ({@code recipient == null}) or to one client id; returns the message id. */
  String publish(Message message, String recipient) {
    if (message == null) {
      throw new IllegalArgumentException("message == null");
    }
    ensureRunning();
    String data = frames.dataToWire(message.data());
    byte[] body = frames.body(message.event(), data, message.retry());
    Instant now = clock.instant();
    String id;
    lock.lock();
    try {
      ensureRunning();
      long seq = ++lastSeq;
      id = message.id() != null ? message.id() : ids.idFor(seq);
      idOrder.published(id, seq, message.id() != null, recipient, now);
      if (recipient == null) {
        lastBroadcastId = id;
        lastBroadcastSeq = seq;
      } else {
        DefaultDeliveryTracker tracker = trackers.apply(recipient);
        if (tracker != null) {
          tracker.privatePublished(id, seq);
        }
      }
      BufferedMessage buffered = new BufferedMessage(id, message.event(), data, now, message.retry(), null, recipient);
      buffer.addMessage(buffered);
      if (firstId == null) {
        firstId = id;
      }
      journal.append(new Journal.Entry(seq, id, recipient, frames.withId(id, body), ownBuffer ? buffered : null));
    } finally {
      lock.unlock();
    }
    published.increment();
    String type = message.event() == null ? "message" : message.event();
    if (eventTypes.size() < MAX_EVENT_TYPES || eventTypes.contains(type)) {
      eventTypes.add(type);
    }
    streams.wakeAll(journal);
    return id;
  }

  /**
   * Runs {@code step} under the publish lock, so no message is published during it.
   *
   * @throws IllegalStateException if the hub is stopped
   */
  <T> T atomically(Supplier<T> step) {
    lock.lock();
    try {
      ensureRunning();
      return step.get();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Only inside {@link #atomically}: where a connect without {@code Last-Event-ID} joins (clause 8): after the
   * newest message of this run that the client may see (a broadcast, or a private message to it), or, before
   * any, at this run's origin. Never another client's private message: its id may carry meaning.
   */
  String joinPosition(DefaultDeliveryTracker tracker) {
    long privateSeq = tracker.lastPrivateSeq();
    if (privateSeq > lastBroadcastSeq) {
      return tracker.lastPrivateId();
    }
    return lastBroadcastId != null ? lastBroadcastId : ids.origin();
  }

  /**
   * The publish order of the newest message that can have been sent (the journal's head, which moves in the
   * publish's locked step).
   */
  long head() {
    return journal.head();
  }

  /** This run's first message id, or null before the first publish. */
  String firstId() {
    return firstId;
  }

  /**
   * Whether a client with this tracker (null: unknown to the hub) may see the message with this id, as far as
   * the hub remembers: a private message to someone else is not visible; a broadcast, or an id the hub does
   * not remember as private, is.
   */
  boolean maySee(DefaultDeliveryTracker tracker, String id) {
    IdOrder.Recipient r = idOrder.recipientOf(id);
    return r == null || DefaultDeliveryTracker.maySee(tracker, r.clientId(), r.timestamp(), () -> orderOf(id));
  }

  /** Whether the id is this run's origin, the join position before the first publish. */
  boolean isOrigin(String id) {
    return ids.origin().equals(id);
  }

  /**
   * The publish order (the journal seq) of an id this run issued, negative for one an earlier run left in a
   * persistent buffer, or {@link IdOrder#UNKNOWN}. Without the publish lock, so a stream
   * replaying many messages never waits for a publisher: the journal's head moves in the same locked step as
   * the publish, so an id counts from the moment its message can have been sent (caller-chosen ids are looked
   * up under their own map's short lock).
   */
  long orderOf(String id) {
    return idOrder.of(id, journal.head());
  }

  /** The event types published since start, sorted (at most {@link #MAX_EVENT_TYPES}). */
  List<String> eventTypes() {
    List<String> sorted = new ArrayList<>(eventTypes);
    Collections.sort(sorted);
    return sorted;
  }

  long published() {
    return published.sum();
  }

  /** Marks the hub stopped; returns false if it already was. */
  boolean stop() {
    lock.lock();
    try {
      if (stopped) {
        return false;
      }
      stopped = true;
      return true;
    } finally {
      lock.unlock();
    }
  }

  boolean isStopped() {
    return stopped;
  }

  void ensureRunning() {
    if (stopped) {
      throw new IllegalStateException("hub is stopped");
    }
  }
}
