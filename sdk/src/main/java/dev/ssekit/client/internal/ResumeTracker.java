package dev.ssekit.client.internal;

import dev.ssekit.client.LastEventIdStore;
import dev.ssekit.client.SseEvent;
import dev.ssekit.client.SseException;

/**
 * The resume and ack bookkeeping: which id the app has processed (what a reconnect sends as
 * {@code Last-Event-ID}), the ids that a replay may repeat, the store and the ack tracker. The per-event
 * calls only update plain fields on the callback thread; {@link #commit()}, once per batch, publishes the
 * id, saves it and tells the ack tracker, so there is no volatile write, lock or allocation per event.
 *
 * <p>The id follows WHATWG's last event ID: an event or id-only block with an empty {@code id:} resets it to
 * empty (then no {@code Last-Event-ID} is sent), and an event without {@code id:} keeps the current one.
 * {@code null} means no id was ever seen.
 */
final class ResumeTracker {

  /** Where store failures go (the app's onError). */
  interface Errors {
    void report(SseException error);
  }

  /** How many processed ids the duplicate filter remembers. */
  static final int PROCESSED_IDS = 4096;

  private final ProcessedIds processed = new ProcessedIds(PROCESSED_IDS);
  private final LastEventIdStore store;
  private final AckTracker acks;
  private final Errors errors;
  /** The last processed id as of the last commit. Written on the callback thread, read anywhere. */
  private volatile String committedId;
  /** Callback thread only. */
  private String currentId;
  private String savedId;
  /** Whether the current id is a join position that no id from the stream has replaced yet. */
  private boolean joinPosition;
  private int unacked;
  /** Written on the callback thread only. */
  private volatile long duplicatesDropped;

  ResumeTracker(LastEventIdStore store, AckTracker acks, Errors errors, String initialId) {
    this.store = store;
    this.acks = acks;
    this.errors = errors;
    this.committedId = initialId;
    this.currentId = initialId;
    this.savedId = initialId;
  }

  /** The id to resume from: the last one the app processed, as of the last batch; "" after a reset. */
  String processedId() {
    return committedId;
  }

  /** A new connection opened: nothing is a replay unless it says so ({@link #replayStarts}). Callback thread. */
  void connectionOpened() {
    processed.noReplay();
  }

  /**
   * The connection declared that it replays from the {@code Last-Event-ID} it was sent: its first events that
   * repeat processed ids are dropped, up to the first new one. Callback thread.
   */
  void replayStarts() {
    processed.replayStarts();
  }

  /** Whether the event repeats one the app already processed, in a declared replay. Callback thread. */
  boolean isReplay(SseEvent event) {
    if (event.hasOwnId() && event.id() != null && processed.isReplay(event.id())) {
      duplicatesDropped++;
      return true;
    }
    return false;
  }

  /** How many replayed duplicates were dropped so far. Any thread. */
  long duplicatesDropped() {
    return duplicatesDropped;
  }

  /** The app processed (or gave up) this event. Callback thread. */
  void processed(SseEvent event) {
    String id = event.id();
    if (id == null) {
      if (currentId == null || currentId.isEmpty() || joinPosition && !event.hasOwnId()) {
        return; // no id yet, still none since a reset, or none since the join position
      }
      id = ""; // the stream's last event ID is empty: the block reset it
    } else if (event.hasOwnId()) {
      processed.add(id);
    }
    if (id.equals(currentId) && !joinPosition) {
      return; // the id did not move (a heartbeat repeats the last one): nothing to save or acknowledge
    }
    advance(id);
  }

  /** An id-only block; an empty id resets. Callback thread. */
  void idOnly(String id) {
    advance(id);
  }

  /**
   * The hub's join position (the newest message published before a connect sent without an id): the resume
   * id from now on if the client has none, so a stream that ends before its first message loses nothing.
   * Not counted for acks. Callback thread.
   */
  void joined(String id) {
    if (currentId == null || currentId.isEmpty()) {
      currentId = id;
      joinPosition = true;
    }
  }

  private void advance(String id) {
    currentId = id;
    joinPosition = false;
    if (!id.isEmpty()) {
      unacked++;
    }
  }

  /** Publishes, saves and acknowledges what the batch processed. Callback thread. */
  void commit() {
    String id = currentId;
    if (id == null) {
      return;
    }
    committedId = id;
    if (!id.equals(savedId)) {
      try {
        store.saveLastEventId(id);
        savedId = id;
      } catch (Throwable e) {
        errors.report(new SseException("the LastEventIdStore failed to save (tried again after the next event): "
            + e.getClass().getName(), e));
      }
    }
    if (unacked > 0) {
      int count = unacked;
      unacked = 0;
      if (acks != null && !id.isEmpty()) {
        acks.processed(id, count);
      }
    }
  }
}
