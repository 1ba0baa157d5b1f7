package dev.ssekit.client;

import java.io.File;
import java.nio.file.Path;

/** The stores that ship with the SDK. */
public final class LastEventIdStores {

  private LastEventIdStores() {}

  /** Kept in memory: survives reconnects, not process restarts. The default. */
  public static LastEventIdStore inMemory() {
    return new InMemoryLastEventIdStore();
  }

  /**
   * Kept in a small properties file, replaced atomically on every change (a temp file forced to disk, then
   * moved over the old one), so a crash leaves the old or the new content. The write happens on the callback
   * executor after each batch of processed events, so on Android's main thread prefer a store that saves
   * asynchronously (for example {@code SharedPreferences.apply()}).
   */
  public static LastEventIdStore file(Path file) {
    return new FileLastEventIdStore(file);
  }

  /** Like {@link #file(Path)}. */
  public static LastEventIdStore file(File file) {
    if (file == null) {
      throw new IllegalArgumentException("file == null");
    }
    return new FileLastEventIdStore(file.toPath());
  }
}
