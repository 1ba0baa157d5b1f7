package dev.ssekit.sample;

import dev.ssekit.android.StreamState;
import dev.ssekit.client.ConnectionState;

/** How a screen words a state: the app's stream's, or a connection's (FlowActivity). */
final class StateText {

  private StateText() {}

  static String of(StreamState state) {
    switch (state.kind()) {
      case CONNECTING:
      case OPEN:
      case RECONNECTING:
        return of(state.connection());
      case WAITING_FOR_NETWORK:
        return "waiting for a network";
      case DEVICE_IDLE:
        return "paused: the device is idle";
      case PAUSED_IN_BACKGROUND:
        return "paused in the background";
      case CLOSED:
        ConnectionState last = state.connection();
        return "closed" + (last == null || last.error() == null ? "" : ": " + last.error().getMessage());
      default:
        return "closed";
    }
  }

  static String of(ConnectionState state) {
    switch (state.kind()) {
      case CONNECTING:
        return "connecting";
      case OPEN:
        return "open";
      case RECONNECTING:
        return "reconnecting in " + Math.max(1, (state.delayMillis() + 999) / 1000) + " s";
      default:
        return "closed" + (state.error() == null ? "" : ": " + state.error().getMessage());
    }
  }
}
