package dev.ssekit.client.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** The ids of the last {@code capacity} processed events, to drop a replayed duplicate. Callback thread only. */
final class ProcessedIds {

  private final LinkedHashMap<String, Boolean> ids;

  ProcessedIds(final int capacity) {
    this.ids = new LinkedHashMap<String, Boolean>(Math.min(capacity, 1024) * 2) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > capacity;
      }
    };
  }

  boolean contains(String id) {
    return ids.containsKey(id);
  }

  void add(String id) {
    ids.put(id, Boolean.TRUE);
  }
}
