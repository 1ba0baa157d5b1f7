package dev.ssekit.client;

import dev.ssekit.client.internal.FileLastEventIdStore;
import dev.ssekit.client.internal.InMemoryLastEventIdStore;
import java.io.File;

/** The stores that ship with the SDK. */
public final class LastEventIdStores {

  private LastEventIdStores() {}

  /** Kept in memory: survives reconnects, not process restarts. The default. */
  public static LastEventIdStore inMemory() {
    return new InMemoryLastEventIdStore();
  }

  /** Kept in a small properties file, written atomically (temp file and rename) on every change. */
  public static LastEventIdStore file(File file) {
    return new FileLastEventIdStore(file);
  }
}
