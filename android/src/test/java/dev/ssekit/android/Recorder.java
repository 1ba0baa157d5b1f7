package dev.ssekit.android;

import android.os.Looper;
import dev.ssekit.client.ConnectionState;
import dev.ssekit.client.SseEvent;
import dev.ssekit.client.SseListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** Keeps everything a stream reports: events (but the hub's handshake), connection states, stream states. */
final class Recorder implements SseListener, StreamStateListener {

  final List<SseEvent> events = new CopyOnWriteArrayList<>();
  final List<ConnectionState> connectionStates = new CopyOnWriteArrayList<>();
  final List<StreamState> streamStates = new CopyOnWriteArrayList<>();
  final List<Boolean> onMainThread = new CopyOnWriteArrayList<>();

  @Override
  public void onEvent(SseEvent event) {
    onMainThread.add(Looper.myLooper() == Looper.getMainLooper());
    if (!event.type().equals("connected")) {
      events.add(event);
    }
  }

  @Override
  public void onStateChange(ConnectionState state) {
    connectionStates.add(state);
  }

  @Override
  public void onStreamStateChange(StreamState state) {
    onMainThread.add(Looper.myLooper() == Looper.getMainLooper());
    streamStates.add(state);
  }

  List<String> ids() {
    return events.stream().map(SseEvent::id).collect(Collectors.toList());
  }

  List<String> data() {
    return events.stream().map(SseEvent::data).collect(Collectors.toList());
  }

  List<StreamState.Kind> kinds() {
    return streamStates.stream().map(StreamState::kind).collect(Collectors.toList());
  }
}
