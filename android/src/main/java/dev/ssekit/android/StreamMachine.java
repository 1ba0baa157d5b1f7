package dev.ssekit.android;

import android.net.Network;
import android.os.Handler;
import android.os.Looper;
import android.os.SystemClock;
import dev.ssekit.android.internal.AppVisibility;
import dev.ssekit.android.internal.NetworkWatcher;
import dev.ssekit.android.internal.PowerWatcher;
import dev.ssekit.client.CloseReason;
import dev.ssekit.client.ConnectionState;
import dev.ssekit.client.Gap;
import dev.ssekit.client.SseClient;
import dev.ssekit.client.SseConfig;
import dev.ssekit.client.SseEvent;
import dev.ssekit.client.SseException;
import dev.ssekit.client.SseListener;
import dev.ssekit.client.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * The state machine behind {@link AndroidSseStream}: from the network, the app's visibility and the power modes
 * it decides whether a connection is wanted, and creates, restarts or closes {@link SseClient}s to match. Every
 * transition runs on the main thread ({@link #reconcile()}); clients' state changes are brought there.
 *
 * <p>Wanted means: started, not closed, a validated default network, the device not in Doze, and an activity
 * started, or the app in the background for less than the grace period (no grace in battery saver), or the app
 * keeps the stream in the background. A new client is built only once the one before it delivered its final
 * {@code CLOSED} state, so it resumes from everything the old one processed (both share one store).
 */
final class StreamMachine {

  private enum Phase { NEW, RUNNING, CLOSED }

  private static final StreamState WAITING_FOR_NETWORK = new StreamState(StreamState.Kind.WAITING_FOR_NETWORK, null);
  private static final StreamState DEVICE_IDLE = new StreamState(StreamState.Kind.DEVICE_IDLE, null);
  private static final StreamState PAUSED = new StreamState(StreamState.Kind.PAUSED_IN_BACKGROUND, null);
  private static final StreamState CONNECTING =
      new StreamState(StreamState.Kind.CONNECTING, ConnectionState.connecting());

  private final String url;
  private final SseConfig clientConfig;
  private final SseListener listener;
  private final StreamStateListener stateListener;
  private final OkHttpClient http;
  private final long graceMillis;
  private final Handler main;
  private final NetworkWatcher network;
  private final AppVisibility visibility;
  private final PowerWatcher power;
  private final Runnable backgroundDeadline = new Runnable() {
    @Override
    public void run() {
      reconcile();
    }
  };

  // Main thread.
  private Phase phase = Phase.NEW;
  private Connection live;
  private Connection closing;
  private long backgroundSince = -1;
  private final List<Typed<?>> typed = new ArrayList<Typed<?>>();

  // Written on the main thread, read on any.
  private volatile StreamState state = new StreamState(StreamState.Kind.NEW, null);
  private volatile SseClient lastClient;

  StreamMachine(AndroidSseStream.Builder b, SseConfig clientConfig) {
    this.url = b.url;
    this.clientConfig = clientConfig;
    this.listener = b.listener;
    this.stateListener = b.stateListener;
    this.http = b.okHttpClient;
    this.graceMillis = b.keepConnectedInBackground ? -1 : b.gracePeriod.toMillis();
    this.main = new Handler(Looper.getMainLooper());
    Runnable changed = new Runnable() {
      @Override
      public void run() {
        reconcile();
      }
    };
    this.network = new NetworkWatcher(b.connectivity, main, changed);
    this.visibility = new AppVisibility(b.application, changed);
    this.power = new PowerWatcher(b.application, b.power, main, changed);
  }

  StreamState state() {
    return state;
  }

  String lastAckedId() {
    SseClient c = lastClient;
    return c == null ? null : c.lastAckedId();
  }

  String lastEventId() {
    return clientConfig.lastEventIdStore().lastEventId();
  }

  /** Runs {@code task} now if on the main thread, else posts it there. */
  void onMain(Runnable task) {
    if (Looper.myLooper() == main.getLooper()) {
      task.run();
    } else {
      main.post(task);
    }
  }

  void start() {
    if (phase != Phase.NEW) {
      return; // closed before it started (AndroidSseStream allows one start)
    }
    phase = Phase.RUNNING;
    network.start();
    visibility.start();
    power.start();
    reconcile();
  }

  void close() {
    if (phase == Phase.CLOSED) {
      return;
    }
    phase = Phase.CLOSED;
    stopWatching();
    if (live != null) {
      live.client.close(); // its CLOSED (by caller) reaches the app's listener
      live = null;
    }
    publish(StreamState.of(ConnectionState.closed(CloseReason.CLOSED_BY_CALLER, null)));
  }

  /** Brings the connection in line with the network, the app's visibility and the power modes. Main thread. */
  void reconcile() {
    if (phase != Phase.RUNNING) {
      return;
    }
    Network usable = network.usable();
    boolean idle = power.deviceIdle();
    boolean foregroundOrGrace = foregroundOrGrace();
    if (usable == null || idle || !foregroundOrGrace) {
      if (live != null) {
        pause(live);
      }
      publish(usable == null ? WAITING_FOR_NETWORK : idle ? DEVICE_IDLE : PAUSED);
      return;
    }
    if (live == null) {
      if (closing == null) {
        open(usable);
      }
    } else if (!usable.equals(live.network)) {
      // A new default network: the old connection may be dead without knowing it. Reconnect at once.
      live.network = usable;
      if (http != null) {
        http.connectionPool().evictAll(); // idle sockets on the old network
      }
      live.client.restart();
    }
    publish(live == null || live.last == null ? CONNECTING : StreamState.of(live.last));
  }

  /** Whether the app is visible, or within its grace period (scheduling the end of it). */
  private boolean foregroundOrGrace() {
    if (visibility.visible()) {
      backgroundSince = -1;
      main.removeCallbacks(backgroundDeadline);
      return true;
    }
    if (graceMillis < 0) {
      return true;
    }
    long now = SystemClock.uptimeMillis();
    if (backgroundSince < 0) {
      backgroundSince = now;
    }
    long end = power.powerSave() ? backgroundSince : backgroundSince + graceMillis;
    main.removeCallbacks(backgroundDeadline);
    if (now >= end) {
      return false;
    }
    main.postAtTime(backgroundDeadline, end);
    return true;
  }

  private void open(Network usable) {
    Connection c = new Connection(usable);
    SseClient.Builder b = SseClient.builder(url).config(clientConfig).listener(c);
    if (http != null) {
      b.okHttpClient(http);
    }
    c.client = b.build();
    for (Typed<?> t : typed) {
      t.subscribe(c.client);
    }
    live = c;
    lastClient = c.client;
    c.client.start();
  }

  private void pause(Connection c) {
    c.paused = true;
    live = null;
    closing = c;
    c.client.close();
  }

  /** Subscribes on the live client and on every later one; any thread (it takes effect on the main thread). */
  <T> Subscription on(String eventType, Class<T> type, BiConsumer<? super T, SseEvent> handler) {
    if (eventType == null || type == null || handler == null) {
      throw new IllegalArgumentException("eventType, type and handler are required");
    }
    final Typed<T> t = new Typed<T>(eventType, type, handler);
    onMain(new Runnable() {
      @Override
      public void run() {
        if (!t.cancelled) {
          typed.add(t);
          if (live != null) {
            t.subscribe(live.client);
          }
        }
      }
    });
    return t;
  }

  /** A typed handler subscribed through the stream: subscribed again on each new client. */
  private final class Typed<T> implements Subscription {
    final String eventType;
    final Class<T> type;
    final BiConsumer<? super T, SseEvent> handler;
    Subscription current; // main thread
    volatile boolean cancelled;

    Typed(String eventType, Class<T> type, BiConsumer<? super T, SseEvent> handler) {
      this.eventType = eventType;
      this.type = type;
      this.handler = handler;
    }

    void subscribe(SseClient client) {
      current = client.on(eventType, type, handler);
    }

    @Override
    public void cancel() {
      cancelled = true;
      onMain(new Runnable() {
        @Override
        public void run() {
          typed.remove(Typed.this);
          if (current != null) {
            current.cancel();
          }
        }
      });
    }
  }

  /** A client's state, on the main thread. */
  private void connectionState(Connection c, ConnectionState s) {
    if (phase != Phase.RUNNING) {
      return;
    }
    if (c == live) {
      c.last = s;
      if (s.isClosed()) {
        live = null;
        finish(StreamState.of(s)); // ended for good on its own: a refused token, say
      } else {
        publish(StreamState.of(s));
      }
    } else if (c == closing && s.isClosed()) {
      closing = null;
      if (s.closeReason() != CloseReason.CLOSED_BY_CALLER) {
        finish(StreamState.of(s));
      } else {
        reconcile(); // a connection may be wanted again: now it can resume from all the old one processed
      }
    }
  }

  private void finish(StreamState last) {
    phase = Phase.CLOSED;
    stopWatching();
    publish(last);
  }

  private void stopWatching() {
    main.removeCallbacks(backgroundDeadline);
    network.stop();
    visibility.stop();
    power.stop();
  }

  private void publish(StreamState next) {
    if (next.equals(state)) {
      return;
    }
    state = next;
    if (stateListener != null) {
      stateListener.onStreamStateChange(next);
    }
  }

  /** One client and the app's listener behind it. Callbacks run on the client's callback executor. */
  private final class Connection implements SseListener {
    SseClient client; // set before start(), then read only
    Network network; // main thread
    ConnectionState last; // main thread
    volatile boolean paused; // written on the main thread before close(), read on the callback executor

    Connection(Network network) {
      this.network = network;
    }

    @Override
    public void onEvent(SseEvent event) {
      listener.onEvent(event);
    }

    @Override
    public void onOpen(Response response) {
      listener.onOpen(response);
    }

    @Override
    public void onComment(String comment) {
      listener.onComment(comment);
    }

    @Override
    public void onHeartbeat(SseEvent heartbeat) {
      listener.onHeartbeat(heartbeat);
    }

    @Override
    public void onGap(Gap gap) {
      listener.onGap(gap);
    }

    @Override
    public void onPoisonEvent(SseEvent event, SseException lastError) {
      listener.onPoisonEvent(event, lastError);
    }

    @Override
    public void onError(SseException error) {
      listener.onError(error);
    }

    @Override
    public void onStateChange(final ConnectionState s) {
      boolean pausedByStream = paused && s.isClosed() && s.closeReason() == CloseReason.CLOSED_BY_CALLER;
      try {
        if (!pausedByStream) {
          listener.onStateChange(s);
        }
      } finally {
        onMain(new Runnable() {
          @Override
          public void run() {
            connectionState(Connection.this, s);
          }
        });
      }
    }
  }
}
