package dev.ssekit.client;

/**
 * Keeps the last processed event id and the client id across reconnects and, if durable, across process
 * restarts. Called on SDK threads: {@code save*} on the callback executor after each processed event, reads
 * on the reader thread. Implementations must be thread-safe and should be quick; an Android app can back one
 * with {@code SharedPreferences.apply()}.
 */
public interface LastEventIdStore {

  /** The last processed event id, or {@code null}. */
  String lastEventId();

  void saveLastEventId(String id);

  /** The client id, or {@code null} to let the hub assign one (which is then saved). */
  String clientId();

  void saveClientId(String clientId);
}
