package dev.ssekit.sample;

import android.content.SharedPreferences;
import dev.ssekit.client.LastEventIdStore;

/**
 * Keeps the SDK's resume state in {@link SharedPreferences}, so an app that is killed and started again
 * resumes where it stopped. Saves use {@code apply()}: they never block the main thread.
 */
final class PreferencesLastEventIdStore implements LastEventIdStore {

  static final String LAST_EVENT_ID = "last_event_id";
  static final String CLIENT_ID = "client_id";

  private final SharedPreferences prefs;

  PreferencesLastEventIdStore(SharedPreferences prefs) {
    this.prefs = prefs;
  }

  @Override
  public String lastEventId() {
    return prefs.getString(LAST_EVENT_ID, null);
  }

  @Override
  public void saveLastEventId(String id) {
    prefs.edit().putString(LAST_EVENT_ID, id).apply();
  }

  @Override
  public String clientId() {
    return prefs.getString(CLIENT_ID, null);
  }

  @Override
  public void saveClientId(String clientId) {
    prefs.edit().putString(CLIENT_ID, clientId).apply();
  }
}
