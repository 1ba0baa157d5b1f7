package dev.ssekit.client.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ssekit.client.CloseReason;
import dev.ssekit.client.ConnectionState;
import dev.ssekit.client.LastEventIdStore;
import dev.ssekit.client.SseClient;
import dev.ssekit.client.SseConfig;
import dev.ssekit.client.SseException;
import dev.ssekit.client.SseListener;
import dev.ssekit.client.Subscription;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/** The client: wires the reconnect loop, delivery and acks, and owns their threads. */
public final class RealSseClient implements SseClient, ConnectionLoop.Owner {

  private final OkHttpClient ownHttp;
  private final ConnectionLoop loop;
  private final Delivery delivery;
  private final AckTracker acks;
  private final LastEventIdStore store;
  private final CopyOnWriteArrayList<TypedSubscription<?>> subscriptions = new CopyOnWriteArrayList<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean finished = new AtomicBoolean();
  private volatile String clientId;
  private volatile ConnectionState state = ConnectionState.connecting();

  public RealSseClient(HttpUrl url, OkHttpClient shared, SseConfig config, SseListener listener,
      Map<String, String> requestHeaders) {
    int n = NamedThreads.nextClientNumber();
    this.ownHttp = shared == null ? new OkHttpClient() : null;
    OkHttpClient base = shared != null ? shared : ownHttp;
    OkHttpClient streamHttp = base.newBuilder()
        .readTimeout(config.readTimeoutMillis(), TimeUnit.MILLISECONDS)
        .callTimeout(0, TimeUnit.MILLISECONDS)
        .build();
    ObjectMapper mapper = config.objectMapper() != null ? config.objectMapper() : new ObjectMapper();
    this.store = config.lastEventIdStore() != null ? config.lastEventIdStore() : new InMemoryLastEventIdStore();
    this.clientId = config.clientId() != null ? config.clientId() : store.clientId();
    final Credentials credentials =
        new Credentials(config.tokenProvider(), config.authMode(), config.encryptionPassphrase());

    if (config.ackPolicy().enabled()) {
      HttpUrl ackUrl = ackUrl(url, config.ackPolicy().ackUrl());
      OkHttpClient ackHttp = base.newBuilder().callTimeout(10, TimeUnit.SECONDS).build();
      this.acks = new AckTracker(ackHttp, ackUrl, config.ackPolicy(), new AckTracker.Context() {
        @Override
        public String clientId() {
          return RealSseClient.this.clientId;
        }

        @Override
        public Request.Builder authorized(HttpUrl target) {
          Request.Builder b = new Request.Builder();
          credentials.apply(b, target, false);
          return b;
        }
      }, NamedThreads.scheduler("ack", n));
    } else {
      this.acks = null;
    }

    String initial = store.lastEventId() != null ? store.lastEventId() : config.initialLastEventId();
    ExecutorService ownCallbacks = config.callbackExecutor() == null
        ? Executors.newSingleThreadExecutor(new NamedThreads("callback", n)) : null;
    this.delivery = new Delivery(config.callbackExecutor(), ownCallbacks, config.maxPendingEvents(), listener,
        subscriptions, mapper, store, acks, config.heartbeatsAsEvents(), initial);

    Map<String, String> headers = new LinkedHashMap<>(config.headers());
    headers.putAll(requestHeaders);
    ScheduledExecutorService reader = NamedThreads.scheduler("reader", n);
    this.loop = new ConnectionLoop(streamHttp, url, headers, credentials, mapper, config.reconnectPolicy(),
        delivery, this, reader);
  }

  /** The ack URL: explicit, else the stream path plus {@code /ack} if it ends in {@code /sse}, else /v1/sse/ack. */
  static HttpUrl ackUrl(HttpUrl stream, String explicit) {
    if (explicit != null) {
      HttpUrl parsed = HttpUrl.parse(explicit);
      if (parsed == null) {
        throw new IllegalArgumentException("not an http(s) ack URL: " + explicit);
      }
      return parsed;
    }
    String path = stream.encodedPath();
    String ackPath = path.endsWith("/sse") ? path + "/ack" : "/v1/sse/ack";
    return stream.newBuilder().encodedPath(ackPath).query(null).build();
  }

  @Override
  public void start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("start() was already called");
    }
    if (!finished.get()) {
      loop.start();
    }
  }

  @Override
  public <T> Subscription on(String eventType, Class<T> type, Consumer<? super T> handler) {
    if (eventType == null || type == null || handler == null) {
      throw new IllegalArgumentException("eventType, type and handler are required");
    }
    TypedSubscription<T> s = new TypedSubscription<T>(eventType, type, handler, subscriptions);
    subscriptions.add(s);
    return s;
  }

  @Override
  public ConnectionState state() {
    return state;
  }

  @Override
  public String lastEventId() {
    return delivery.processedId();
  }

  @Override
  public String lastAckedId() {
    return acks == null ? null : acks.lastAckedId();
  }

  @Override
  public String clientId() {
    return clientId;
  }

  @Override
  public void close() {
    boolean first = finished.compareAndSet(false, true);
    if (first) {
      loop.close();
      ConnectionState closed = ConnectionState.closed(CloseReason.CLOSED_BY_CALLER, null);
      state = closed;
      delivery.finish(closed, null, true, null);
    }
    if (acks != null) {
      // Here, not on the app's executor: SDK threads must end even if that executor never runs again.
      acks.close();
    }
    if (first) {
      releaseOwnHttp();
    }
  }

  // ---- ConnectionLoop.Owner, on the reader thread ----

  @Override
  public void adoptClientId(String id) {
    clientId = id;
    store.saveClientId(id);
  }

  @Override
  public void stateChanged(ConnectionState newState) {
    if (finished.get()) {
      return;
    }
    state = newState;
    delivery.state(newState);
  }

  @Override
  public void stopped(ConnectionState closed, SseException error) {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    state = closed;
    delivery.flush(); // on the reader thread: events read before the stop are still delivered
    delivery.finish(closed, error, false, new Runnable() {
      @Override
      public void run() {
        if (acks != null) {
          acks.close(); // after the events still queued were processed, so their ack is the last one sent
        }
      }
    });
    releaseOwnHttp();
  }

  private void releaseOwnHttp() {
    if (ownHttp != null) {
      ownHttp.dispatcher().executorService().shutdown();
      ownHttp.connectionPool().evictAll();
    }
  }
}
