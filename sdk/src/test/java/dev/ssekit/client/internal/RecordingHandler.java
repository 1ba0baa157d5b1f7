package dev.ssekit.client.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Records the parser's calls as text. Like the SDK's delivery, it holds what it is told in a batch and hands
 * the batch over only when the parser says it is about to wait for the network ({@code onWaiting}).
 */
final class RecordingHandler implements EventStreamParser.Handler {
  /** Told, not yet handed over. */
  final List<String> pending = new ArrayList<>();
  /** Handed over by {@code onWaiting}. */
  final List<String> handedOver = new ArrayList<>();

  @Override
  public void onEvent(String lastEventId, boolean idInBlock, String type, String data) {
    pending.add("event id=" + lastEventId + (idInBlock ? "" : "(inherited)") + " type=" + type + " data=" + data);
  }

  @Override
  public void onIdOnly(String lastEventId) {
    pending.add("id " + lastEventId);
  }

  @Override
  public void onComment(String comment) {
    pending.add("comment " + comment);
  }

  @Override
  public void onRetry(long millis) {
    pending.add("retry " + millis);
  }

  @Override
  public void onWaiting() {
    handedOver.addAll(pending);
    pending.clear();
  }

  /** Everything told, handed over or not. */
  List<String> all() {
    List<String> all = new ArrayList<>(handedOver);
    all.addAll(pending);
    return all;
  }
}
