package dev.ssekit.android;

/** Told each change of an {@link AndroidSseStream}'s {@link StreamState}. */
@FunctionalInterface
public interface StreamStateListener {

  /**
   * The stream's state changed. Called on the main thread, never twice in a row with an equal state;
   * {@code CLOSED} is the last call.
   */
  void onStreamStateChange(StreamState state);
}
