package dev.ssekit.sample;

import dev.ssekit.client.ConnectionState;

/** How the screen words a connection state. */
final class StateText {

  private StateText() {}

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
