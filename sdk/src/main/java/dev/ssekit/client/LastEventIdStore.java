package dev.ssekit.client;

/**
 * Keeps the last processed event id and the client id across reconnects and, if durable, across process
 * restarts. Threads: both reads happen once, on the thread that builds the client; {@link #saveLastEventId}
 * runs where the callbacks run (see {@link SseListener}) after each batch of processed events (so an id may be
 * saved less often than once per event, never ahead of what the app processed); {@link #saveClientId} runs on
 * the reader thread.
 * Implementations must be thread-safe and should be quick; an Android app can back one with
 * {@code SharedPreferences.apply()}. A save that throws is reported to {@link SseListener#onError}, and the
 * stream goes on (the next batch saves again).
 */
public interface LastEventIdStore {

  /** The last processed event id, or {@code null}. */
  String lastEventId();

  /** Saves the id of the last processed event; empty after the server reset it with an empty {@code id:}. */
  void saveLastEventId(String id);

  /** The client id, or {@code null} to let the hub assign one (which is then saved). */
  String clientId();

  /** Saves the client id the hub assigned. */
  void saveClientId(String clientId);
}
