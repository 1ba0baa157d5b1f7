package dev.ssekit.android;

import android.Manifest;
import android.app.Application;
import android.content.Context;
import android.content.pm.PackageManager;
import android.net.ConnectivityManager;
import android.os.PowerManager;
import dev.ssekit.client.LastEventIdStores;
import dev.ssekit.client.SseClient;
import dev.ssekit.client.SseConfig;
import dev.ssekit.client.SseEvent;
import dev.ssekit.client.SseListener;
import dev.ssekit.client.Subscription;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import okhttp3.OkHttpClient;

/**
 * A Server-Sent Events stream that follows the phone's network and the app's lifecycle, on top of the SDK's
 * {@link SseClient}:
 * <ul>
 *   <li><b>Network.</b> When the default network changes (Wi-Fi to mobile data, or back), it reconnects at once on
 *   the new one, resuming from the last processed id, instead of waiting for the heartbeat watchdog to notice
 *   that the old connection is dead. Without a validated default network it holds no connection and makes no
 *   attempt ({@link StreamState.Kind#WAITING_FOR_NETWORK}); when one appears it connects at once, with no
 *   backoff wait.</li>
 *   <li><b>Lifecycle.</b> Connected while any activity of the process is started. After the app goes to the
 *   background, it disconnects once the grace period ({@link Builder#backgroundGracePeriod}, default 5 s) has
 *   passed ({@link StreamState.Kind#PAUSED_IN_BACKGROUND}), or never with
 *   {@link Builder#keepConnectedInBackground}; when an activity starts again it reconnects with the resume id, so
 *   the app gets exactly the events it missed.</li>
 *   <li><b>Power.</b> In Doze it holds no connection and makes no attempt ({@link StreamState.Kind#DEVICE_IDLE})
 *   and connects at once when the device leaves it; in battery saver, going to the background disconnects at once
 *   (no grace period), unless the stream is kept in the background.</li>
 * </ul>
 *
 * <pre>{@code
 * AndroidSseStream stream = AndroidSseStream.builder(context, "https://hub.example/v1/sse")
 *     .config(SseConfig.builder()
 *         .token(token)
 *         .lastEventIdStore(SharedPreferencesLastEventIdStore.of(context, "sse"))
 *         .build())
 *     .listener(event -> show(event.data()))   // on the main thread
 *     .build();
 * stream.start();   // once, e.g. in Application.onCreate
 * stream.close();   // when the app no longer wants the stream
 * }</pre>
 *
 * <p>Each connection is a new {@link SseClient} built from the config (all of them share one
 * {@code LastEventIdStore}, the config's or an in-memory one), so a resumed connection starts right after the
 * last event the app processed. The app needs the {@code ACCESS_NETWORK_STATE} permission.
 *
 * <p><b>Threads.</b> The stream's decisions run on the main thread; {@link #start()} and {@link #close()} may be
 * called on any thread (off the main thread, they take effect when the main looper runs them). Listener callbacks
 * run on the config's callback executor, the main thread ({@link MainThreadExecutor}) if it names none; the
 * {@link StreamStateListener} runs on the main thread. The stream owns no thread of its own.
 */
public final class AndroidSseStream implements AutoCloseable {

  private final StreamMachine machine;
  private final AtomicBoolean started = new AtomicBoolean();

  private AndroidSseStream(Builder b) {
    SseConfig.Builder config = b.config.toBuilder();
    if (b.config.callbackExecutor() == null) {
      config.callbackExecutor(MainThreadExecutor.create());
    }
    if (b.config.lastEventIdStore() == null) {
      config.lastEventIdStore(LastEventIdStores.inMemory()); // one for all the stream's connections
    }
    this.machine = new StreamMachine(b, config.build());
  }

  /** A builder for a stream of this URL; {@code context} may be any context of the app. */
  public static Builder builder(Context context, String url) {
    return new Builder(context, url);
  }

  /**
   * Starts following the network, the activities and the power modes, and connects if a connection is wanted.
   * Call once. Start it before the app's activities start (in {@code Application.onCreate} or an activity's
   * {@code onCreate}) or from a visible activity. Any thread.
   *
   * @throws IllegalStateException if called twice
   */
  public void start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("start() was already called");
    }
    machine.onMain(new Runnable() {
      @Override
      public void run() {
        machine.start();
      }
    });
  }

  /**
   * Stops for good: closes the connection (the SDK's {@link SseClient#close()}: it returns at once and leaves no
   * SDK thread, timer or socket behind once its final ack is done), stops following the network, the
   * activities and the power modes, and moves to {@code CLOSED}. Idempotent. Any thread.
   */
  @Override
  public void close() {
    machine.onMain(new Runnable() {
      @Override
      public void run() {
        machine.close();
      }
    });
  }

  /**
   * Subscribes to one event type, decoding its data as JSON into {@code type}, on the current connection and on
   * every later one (see {@link SseClient#on(String, Class, BiConsumer)}: decode failures, retries and the
   * callback executor are the SDK's). Any thread; it takes effect on the main thread, so subscribe before
   * {@link #start()} or on the main thread for the handler to see every event. {@link Subscription#cancel()}
   * stops it on every connection.
   */
  public <T> Subscription on(String eventType, Class<T> type, BiConsumer<? super T, SseEvent> handler) {
    return machine.on(eventType, type, handler);
  }

  /** The stream's current state. Any thread. */
  public StreamState state() {
    return machine.state();
  }

  /** The id the next connection resumes from: the store's last processed id, or {@code null}. Any thread. */
  public String lastEventId() {
    return machine.lastEventId();
  }

  /** The id the hub last confirmed as acknowledged to the latest connection, or {@code null}. Any thread. */
  public String lastAckedId() {
    return machine.lastAckedId();
  }

  /** Builds an {@link AndroidSseStream}. Each setter checks its argument. Not thread-safe. */
  public static final class Builder {
    final String url;
    final Application application;
    final ConnectivityManager connectivity;
    final PowerManager power;
    SseConfig config = SseConfig.defaults();
    SseListener listener = IGNORE;
    StreamStateListener stateListener;
    OkHttpClient okHttpClient;
    Duration gracePeriod = Duration.ofSeconds(5);
    boolean keepConnectedInBackground;

    private Builder(Context context, String url) {
      if (context == null) {
        throw new IllegalArgumentException("context == null");
      }
      SseClient.builder(url); // checks the URL now, with the SDK's message
      this.url = url;
      Context app = context.getApplicationContext();
      if (!(app instanceof Application)) {
        throw new IllegalArgumentException("the context's application context is not an Application: " + app);
      }
      this.application = (Application) app;
      this.connectivity = (ConnectivityManager) app.getSystemService(Context.CONNECTIVITY_SERVICE);
      this.power = (PowerManager) app.getSystemService(Context.POWER_SERVICE);
    }

    /**
     * How each connection connects, resumes, acknowledges and calls back (default {@link SseConfig#defaults()}).
     * Without a callback executor, callbacks run on the main thread; without a store, one in memory serves all
     * the stream's connections.
     */
    public Builder config(SseConfig config) {
      if (config == null) {
        throw new IllegalArgumentException("config == null");
      }
      this.config = config;
      return this;
    }

    /**
     * Receives the events and the callbacks of every connection, on the callback executor; a lambda is an
     * {@code onEvent}. {@code onStateChange} gets each connection's states, except the {@code CLOSED} of a
     * connection the stream closed to pause (the stream's own state says why: see {@link #stateListener}).
     */
    public Builder listener(SseListener listener) {
      if (listener == null) {
        throw new IllegalArgumentException("listener == null");
      }
      this.listener = listener;
      return this;
    }

    /** Told each change of the stream's state, on the main thread (default: none). */
    public Builder stateListener(StreamStateListener listener) {
      if (listener == null) {
        throw new IllegalArgumentException("stateListener == null");
      }
      this.stateListener = listener;
      return this;
    }

    /**
     * The OkHttp client every connection uses (its connection pool and settings); the stream evicts the pool's
     * idle connections when the default network changes. Default: each connection makes its own.
     */
    public Builder okHttpClient(OkHttpClient client) {
      if (client == null) {
        throw new IllegalArgumentException("okHttpClient == null");
      }
      this.okHttpClient = client;
      return this;
    }

    /** How long the stream stays connected after the app goes to the background (default 5 s; zero for none). */
    public Builder backgroundGracePeriod(Duration grace) {
      if (grace == null || grace.isNegative()) {
        throw new IllegalArgumentException("backgroundGracePeriod must be >= 0, was " + grace);
      }
      this.gracePeriod = grace;
      return this;
    }

    /**
     * Whether the stream stays connected in the background, for an app that keeps working there (with a
     * foreground service, say); default false. The network and Doze are still followed.
     */
    public Builder keepConnectedInBackground(boolean keep) {
      this.keepConnectedInBackground = keep;
      return this;
    }

    /**
     * Builds the stream; it does nothing until {@link AndroidSseStream#start()}.
     *
     * @throws IllegalStateException if the app does not hold {@code ACCESS_NETWORK_STATE}
     */
    public AndroidSseStream build() {
      if (application.checkSelfPermission(Manifest.permission.ACCESS_NETWORK_STATE)
          != PackageManager.PERMISSION_GRANTED) {
        throw new IllegalStateException("ssekit-android follows the default network: add <uses-permission "
            + "android:name=\"android.permission.ACCESS_NETWORK_STATE\"/> to the app's manifest");
      }
      return new AndroidSseStream(this);
    }

    private static final SseListener IGNORE = new SseListener() {
      @Override
      public void onEvent(SseEvent event) {}
    };
  }
}
