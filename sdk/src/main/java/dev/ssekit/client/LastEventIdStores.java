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

  /**
   * Kept in a small properties file, written atomically (temp file and rename) on every change. The write
   * happens on the callback executor after each processed event, so on Android's main thread prefer a store
   * that saves asynchronously (for example {@code SharedPreferences.apply()}).
   */
  public static LastEventIdStore file(File file) {
    return new FileLastEventIdStore(file);
  }
}
