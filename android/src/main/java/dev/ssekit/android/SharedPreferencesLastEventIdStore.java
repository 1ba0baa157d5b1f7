package dev.ssekit.android;

import android.content.Context;
import android.content.SharedPreferences;
import dev.ssekit.client.LastEventIdStore;

/**
 * Keeps the SDK's resume state (the last processed event id and the client id) in {@link SharedPreferences},
 * so an app that is killed and started again resumes where it stopped.
 *
 * <p><b>What is durable when.</b> Each save calls {@link SharedPreferences.Editor#apply()}: the new value is
 * visible at once to every reader in the process (a new client built right after reads it), and Android writes
 * the preferences file on its own background thread, never on the caller's thread (saves come from the SDK's
 * callback executor, often the main thread: they do not block it). One exception is Android's own: when an
 * activity or a service stops, the framework waits on the main thread for every pending {@code apply()} write
 * (this store's file holds two short strings). Once that write is done, a new process reads the id. A process
 * killed before the write is done restarts from the id saved before, which is never ahead of what the app
 * processed: the hub then sends the events after it again (at least once, no gap).
 *
 * <p>Thread-safe, as {@link SharedPreferences} is. The keys are {@link #LAST_EVENT_ID_KEY} and
 * {@link #CLIENT_ID_KEY}; give the store preferences of its own, or keys of yours must differ.
 */
public final class SharedPreferencesLastEventIdStore implements LastEventIdStore {

  /** The key of the last processed event id. */
  public static final String LAST_EVENT_ID_KEY = "ssekit.last_event_id";
  /** The key of the client id. */
  public static final String CLIENT_ID_KEY = "ssekit.client_id";

  private final SharedPreferences prefs;

  private SharedPreferencesLastEventIdStore(SharedPreferences prefs) {
    this.prefs = prefs;
  }

  /** A store in these preferences. Any thread. */
  public static SharedPreferencesLastEventIdStore of(SharedPreferences prefs) {
    if (prefs == null) {
      throw new IllegalArgumentException("prefs == null");
    }
    return new SharedPreferencesLastEventIdStore(prefs);
  }

  /** A store in the app's private preferences file {@code name}. Any thread. */
  public static SharedPreferencesLastEventIdStore of(Context context, String name) {
    if (context == null || name == null) {
      throw new IllegalArgumentException("context and name are required");
    }
    return of(context.getSharedPreferences(name, Context.MODE_PRIVATE));
  }

  /** The stored last processed event id, or {@code null}. Any thread. */
  @Override
  public String lastEventId() {
    return prefs.getString(LAST_EVENT_ID_KEY, null);
  }

  /** Saves the id with {@code apply()}: visible at once, written to the file on a background thread. */
  @Override
  public void saveLastEventId(String id) {
    prefs.edit().putString(LAST_EVENT_ID_KEY, id).apply();
  }

  /** The stored client id, or {@code null}. Any thread. */
  @Override
  public String clientId() {
    return prefs.getString(CLIENT_ID_KEY, null);
  }

  /** Saves the client id with {@code apply()}, as {@link #saveLastEventId}. */
  @Override
  public void saveClientId(String clientId) {
    prefs.edit().putString(CLIENT_ID_KEY, clientId).apply();
  }
}
