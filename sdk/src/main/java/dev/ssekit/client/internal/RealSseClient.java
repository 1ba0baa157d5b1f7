package dev.ssekit.client.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ssekit.client.CloseReason;
import dev.ssekit.client.ConnectionState;
import dev.ssekit.client.LastEventIdStore;
import dev.ssekit.client.LastEventIdStores;
import dev.ssekit.client.SseClient;
import dev.ssekit.client.SseConfig;
import dev.ssekit.client.SseEvent;
import dev.ssekit.client.SseException;
import dev.ssekit.client.SseListener;
import dev.ssekit.client.Subscription;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/** The client: wires the reconnect loop, delivery and acks, and owns their threads. */
final class RealSseClient implements SseClient {

  private final OkHttpClient ownHttp;
  private final ObjectMapper mapper;
  private final ConnectionLoop loop;
  private final Delivery delivery;
  private final ResumeTracker resume;
  private final AckTracker acks;
  private final LastEventIdStore store;
  private final Credentials credentials;
  private final CopyOnWriteArrayList<TypedSubscription<?>> subscriptions = new CopyOnWriteArrayList<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final Object stateLock = new Object();
  private volatile String clientId;
  /** Guarded by stateLock for writes; CLOSED is final. */
  private volatile ConnectionState state = ConnectionState.connecting();

  /**
   * A client of {@code url}; {@code method}, {@code body} and {@code headers} (may be null) override the
   * config's, as the drop-in factory passes a {@code Request}'s. A null {@code listener} ignores events and
   * logs each kind of failure once.
   */
  RealSseClient(HttpUrl url, OkHttpClient shared, SseConfig config, SseListener listener, String method,
      RequestBody body, Headers headers) {
    int n = NamedThreads.nextClientNumber();
    this.ownHttp = shared == null ? new OkHttpClient() : null;
    OkHttpClient base = shared != null ? shared : ownHttp;
    OkHttpClient streamHttp = base.newBuilder()
        .readTimeout(config.readTimeoutMillis(), TimeUnit.MILLISECONDS)
        .callTimeout(0, TimeUnit.MILLISECONDS)
        .build();
    this.mapper = config.objectMapper() != null ? config.objectMapper() : Mappers.lenient();
    this.store = config.lastEventIdStore() != null ? config.lastEventIdStore() : LastEventIdStores.inMemory();
    this.clientId = config.clientId() != null ? config.clientId() : store.clientId();
    // The reader and ack threads end after close(); the last request they sent may have left a socket idle.
    Runnable releaseSockets = ownHttp == null ? null : this::evictIdleConnections;
    this.credentials = new Credentials(config.tokenProvider(), config.authMode(), config.encryptionPassphrase(),
        config.tokenTimeout().toMillis(), new NamedThreads("token", n));

    Headers.Builder all = config.headers().isEmpty() ? new Headers.Builder() : Headers.of(config.headers()).newBuilder();
    if (headers != null) {
      for (String name : headers.names()) {
        all.removeAll(name);
      }
      all.addAll(headers);
    }
    final Headers streamHeaders = all.build();
    // An ack carries the stream's credentials and custom headers, whichever way they were given; not what
    // belongs to the stream request alone.
    final Headers ackHeaders = streamHeaders.newBuilder().removeAll("Last-Event-ID").removeAll("Accept")
        .removeAll("Cache-Control").removeAll("Content-Type").removeAll("Content-Length").build();

    if (config.ackPolicy().enabled()) {
      HttpUrl ackUrl = ackUrl(url, config.ackPolicy().ackUrl());
      OkHttpClient ackHttp = base.newBuilder().callTimeout(10, TimeUnit.SECONDS).build();
      this.acks = new AckTracker(ackHttp, ackUrl, config.ackPolicy(), new AckTracker.Context() {
        @Override
        public String clientId() {
          return RealSseClient.this.clientId;
        }

        @Override
        public Request.Builder authorized(HttpUrl target, boolean freshToken, long maxTokenWaitMillis) {
          Request.Builder b = new Request.Builder().headers(ackHeaders);
          credentials.apply(b, target, freshToken, maxTokenWaitMillis);
          return b;
        }

        @Override
        public void abandonTokenCalls() {
          credentials.abandonCalls();
        }

        @Override
        public void finished() {
          RealSseClient.this.credentials.close(); // the final ack had its token: nothing asks for one now
        }

        @Override
        public void failed(RuntimeException error) {
          delivery.error(error instanceof SseException ? (SseException) error
              : new SseException("an ack failed: " + error.getClass().getName(), error));
        }
      }, NamedThreads.scheduler("ack", n, releaseSockets));
    } else {
      this.acks = null;
    }

    String initial = store.lastEventId() != null ? store.lastEventId() : config.initialLastEventId();
    EventRouter router = new EventRouter(listener != null ? listener : new UnheardFailures(), subscriptions, mapper, config.heartbeatsAsEvents(),
        config.maxDeliveryAttempts());
    this.resume = new ResumeTracker(store, acks, router::error, initial);
    // Callbacks run on the reader thread unless the app gives an executor: no hand-off, no thread to wake.
    this.delivery = new Delivery(config.callbackExecutor(), new NamedThreads("callback", n),
        config.maxPendingEvents(), config.maxPendingBytes(), router, resume);

    StreamRequest request = new StreamRequest(url, method != null ? method : config.method(),
        method != null ? body : config.body(), streamHeaders, credentials);
    ScheduledExecutorService reader = NamedThreads.scheduler("reader", n, releaseSockets);
    this.loop = new ConnectionLoop(streamHttp, config.readTimeoutMillis(), request, mapper, config.maxEventSize(), config.dropReplayedDuplicates(),
        new ReconnectTimer(config.reconnectPolicy(), new Random()), delivery, resume, new LoopOwner(), reader);
    delivery.onFatal(this::failed);
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
    if (!isClosed()) {
      loop.start();
    }
  }

  @Override
  public void restart() {
    if (started.get() && !isClosed()) {
      loop.restart();
    }
  }

  @Override
  public <T> Subscription on(String eventType, Class<T> type, final java.util.function.Consumer<? super T> handler) {
    if (handler == null) {
      throw new IllegalArgumentException("handler == null");
    }
    return on(eventType, type, (T value, SseEvent event) -> handler.accept(value));
  }

  @Override
  public <T> Subscription on(String eventType, Class<T> type, BiConsumer<? super T, SseEvent> handler) {
    if (type == null) {
      throw new IllegalArgumentException("type == null");
    }
    return subscribe(eventType, mapper.getTypeFactory().constructType(type), handler);
  }

  @Override
  public <T> Subscription on(String eventType, com.fasterxml.jackson.core.type.TypeReference<T> type,
      BiConsumer<? super T, SseEvent> handler) {
    if (type == null) {
      throw new IllegalArgumentException("type == null");
    }
    return subscribe(eventType, mapper.getTypeFactory().constructType(type), handler);
  }

  private <T> Subscription subscribe(String eventType, JavaType target, BiConsumer<? super T, SseEvent> handler) {
    if (eventType == null || handler == null) {
      throw new IllegalArgumentException("eventType and handler are required");
    }
    TypedSubscription<T> s = new TypedSubscription<T>(eventType, target, handler, subscriptions);
    subscriptions.add(s);
    return s;
  }

  @Override
  public ConnectionState state() {
    return state;
  }

  @Override
  public String lastEventId() {
    return resume.processedId();
  }

  @Override
  public long duplicatesDropped() {
    return resume.duplicatesDropped();
  }

  @Override
  public String lastAckedId() {
    return acks == null ? null : acks.lastAckedId();
  }

  @Override
  public String clientId() {
    return clientId;
  }

  private boolean isClosed() {
    return state.kind() == ConnectionState.Kind.CLOSED;
  }

  /** Moves to CLOSED unless already there; true for the one caller that did. */
  private boolean toClosed(ConnectionState closed) {
    synchronized (stateLock) {
      if (isClosed()) {
        return false;
      }
      state = closed;
      return true;
    }
  }

  @Override
  public void close() {
    ConnectionState closed = ConnectionState.closed(CloseReason.CLOSED_BY_CALLER, null);
    boolean first = toClosed(closed);
    if (first) {
      if (acks == null) {
        credentials.close(); // a provider call in progress is abandoned (interrupted)
      } // else after the final ack; the reader's call is abandoned by loop.close() (an interrupt)
      loop.close();
      delivery.finish(closed, null, true, null);
    }
    if (acks != null) {
      // Here, not on the app's executor: SDK threads must end even if that executor never runs again.
      acks.close();
    }
    if (first) {
      evictIdleConnections();
    }
  }

  /** The client cannot go on (see {@link Delivery.Fatal}): CLOSED with the cause. Any thread. */
  private void failed(SseException error) {
    ConnectionState closed = ConnectionState.closed(CloseReason.FAILED, error);
    if (!toClosed(closed)) {
      return;
    }
    if (acks == null) {
      credentials.close();
    }
    loop.close();
    delivery.finish(closed, error, true, null);
    if (acks != null) {
      acks.close();
    }
    evictIdleConnections();
  }

  /** What the connection loop tells the client, on the reader thread. */
  private final class LoopOwner implements ConnectionLoop.Owner {
    @Override
    public String clientId() {
      return clientId;
    }

    @Override
    public void adoptClientId(String id) {
      RealSseClient.this.adoptClientId(id);
    }

    @Override
    public void stateChanged(ConnectionState newState) {
      RealSseClient.this.stateChanged(newState);
    }

    @Override
    public void stopped(ConnectionState closed, SseException error) {
      RealSseClient.this.stopped(closed, error);
    }
  }

  private void adoptClientId(String id) {
    clientId = id;
    store.saveClientId(id);
  }

  private void stateChanged(ConnectionState newState) {
    synchronized (stateLock) {
      if (isClosed()) {
        return; // CLOSED is final: a late OPEN or RECONNECTING from the reader never overwrites it
      }
      state = newState;
      delivery.state(newState); // under the lock, so callbacks come in the order of the states
    }
  }

  private void stopped(ConnectionState closed, SseException error) {
    if (!toClosed(closed)) {
      return;
    }
    delivery.flush(); // on the reader thread: events read before the stop are still delivered
    delivery.finish(closed, error, false, () -> {
      if (acks != null) {
        acks.close(); // after the events still queued were processed, so their ack is the last one sent
      } else {
        credentials.close();
      }
    });
  }

  /** Closes the idle sockets of an OkHttp client the SDK made (a shared one is the app's to manage). */
  private void evictIdleConnections() {
    if (ownHttp != null) {
      ownHttp.dispatcher().executorService().shutdown();
      ownHttp.connectionPool().evictAll();
    }
  }
}
