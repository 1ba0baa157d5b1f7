package dev.ssekit.client.internal;

import java.util.HashSet;
import java.util.Set;

/**
 * Drops events the app already processed when a server replays them. A server replays from where it
 * believes the client left off, so duplicates can only form a prefix of a new connection: the ids of the
 * last {@code capacity} processed events are kept in a ring (no hashing, no allocation per event), and only
 * after a reconnect are they put in a set and checked, until the first event that is new. Callback thread
 * only, except {@link #reconnected()}, which is posted to it.
 */
final class ProcessedIds {

  private final String[] ring;
  private int next;
  /** The ids to check while a new connection may still be replaying; null otherwise. */
  private Set<String> replayWindow;

  ProcessedIds(int capacity) {
    this.ring = new String[capacity];
  }

  /** A new connection opened: check the next events against what was processed. */
  void reconnected() {
    Set<String> window = new HashSet<String>(ring.length * 2);
    for (String id : ring) {
      if (id != null) {
        window.add(id);
      }
    }
    replayWindow = window.isEmpty() ? null : window;
  }

  /** Whether this id is a replay of a processed event; the first new id closes the replay window. */
  boolean isReplay(String id) {
    if (replayWindow == null) {
      return false;
    }
    if (replayWindow.contains(id)) {
      return true;
    }
    replayWindow = null;
    return false;
  }

  void add(String id) {
    ring[next] = id;
    next = next + 1 == ring.length ? 0 : next + 1;
  }
}
