package dev.ssekit.client.internal;

import java.util.HashSet;
import java.util.Set;

/**
 * The ids of the last processed events, to drop what a server replays (see {@link ResumeTracker} for when a
 * connection counts as a replay). A server replays from where it believes the client left off, so duplicates
 * can only form a prefix of a replaying connection: the ids are kept in order, and only when a replay starts
 * are they put in a set and checked, until the first event that is new.
 *
 * <p>Bounded by count and by size: at most {@code capacity} ids and {@link #MAX_CHARS} characters in all
 * (the oldest go first), and an id over 1,024 bytes in UTF-8 is not kept at all: it cannot be sent back as
 * {@code Last-Event-ID}, so no server replays from it. Callback thread only.
 */
final class ProcessedIds {

  /** The characters all kept ids may have together (2 MiB of heap). */
  static final int MAX_CHARS = 1024 * 1024;

  /** The kept ids, oldest first from {@link #head}: a ring of {@code capacity} slots. */
  private final String[] ids;
  private int head;
  private int size;
  private long chars;
  /** The ids to check while a replay may still be going on; null otherwise. */
  private Set<String> replayWindow;

  ProcessedIds(int capacity) {
    this.ids = new String[capacity];
  }

  /** A replay starts: check the next events against what was processed. */
  void replayStarts() {
    Set<String> window = new HashSet<String>(size * 2);
    for (int i = 0; i < size; i++) {
      window.add(ids[(head + i) % ids.length]);
    }
    replayWindow = window.isEmpty() ? null : window;
  }

  /** No replay (a new connection that is not one): nothing is dropped. */
  void noReplay() {
    replayWindow = null;
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
    int n = id.length();
    if (n > StreamRequest.MAX_ID_BYTES || n > StreamRequest.MAX_ID_BYTES / 3 && !StreamRequest.isSendableId(id)) {
      return; // (up to a third of the bound in characters, an id is within it in bytes: no need to count)
    }
    if (size == ids.length) {
      dropOldest();
    }
    int slot = head + size++;
    ids[slot < ids.length ? slot : slot - ids.length] = id;
    chars += n;
    while (chars > MAX_CHARS) {
      dropOldest();
    }
  }

  private void dropOldest() {
    chars -= ids[head].length();
    ids[head] = null;
    head = head + 1 < ids.length ? head + 1 : 0;
    size--;
  }
}
