package dev.ssekit.server.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where an id stands in the hub's publish order, so acks can only move forward (clause 17). Hub ids carry
 * their order; caller-chosen ids are remembered, as many as the buffer could hold. Thread-safe.
 */
final class IdOrder {

  private final HubIds ids;
  /** Guarded by itself. */
  private final Map<String, Long> chosen;

  IdOrder(HubIds ids, final int memory) {
    this.ids = ids;
    this.chosen = new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
        return size() > memory;
      }
    };
  }

  /** Remembers the order of a caller-chosen id. */
  void chosen(String id, long seq) {
    synchronized (chosen) {
      chosen.put(id, seq);
    }
  }

  /** The order of an id this run issued (at most {@code lastSeq}), or -1. */
  long of(String id, long lastSeq) {
    if (id == null) {
      return -1;
    }
    synchronized (chosen) {
      Long seq = chosen.get(id);
      if (seq != null) {
        return seq;
      }
    }
    long seq = ids.seqOf(id);
    return seq > 0 && seq <= lastSeq ? seq : -1;
  }
}
