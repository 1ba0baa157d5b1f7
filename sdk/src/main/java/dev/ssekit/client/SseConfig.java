package dev.ssekit.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import okhttp3.RequestBody;

/**
 * Everything about how a client connects, resumes, acknowledges and calls back, except the URL and the
 * OkHttp client. Immutable; build with {@link #builder()}, whose setters ({@link SseSettings}) each check their argument.
 */
public final class SseConfig {

  private final TokenProvider tokenProvider;
  /** The token given to {@code token(String)}, kept so a copied builder checks it again. */
  private final String fixedToken;
  private final AuthMode authMode;
  private final String encryptionPassphrase;
  private final String clientId;
  private final LastEventIdStore lastEventIdStore;
  private final String initialLastEventId;
  private final ReconnectPolicy reconnectPolicy;
  private final long readTimeoutMillis;
  private final Executor callbackExecutor;
  private final AckPolicy ackPolicy;
  private final ObjectMapper objectMapper;
  private final int maxPendingEvents;
  private final int maxPendingBytes;
  private final int maxEventSize;
  private final boolean dropReplayedDuplicates;
  private final long tokenTimeoutMillis;
  private final Map<String, String> headers;
  private final boolean heartbeatsAsEvents;
  private final int maxDeliveryAttempts;
  private final String method;
  private final RequestBody body;

  SseConfig(SseSettings<?> b) {
    this.tokenProvider = b.tokenProvider;
    this.fixedToken = b.fixedToken;
    this.authMode = b.authMode;
    this.encryptionPassphrase = b.encryptionPassphrase;
    this.clientId = b.clientId;
    this.lastEventIdStore = b.lastEventIdStore;
    this.initialLastEventId = b.initialLastEventId;
    this.reconnectPolicy = b.reconnectPolicy;
    this.readTimeoutMillis = b.readTimeoutMillis;
    this.callbackExecutor = b.callbackExecutor;
    this.ackPolicy = b.ackPolicy;
    this.objectMapper = b.objectMapper;
    this.maxPendingEvents = b.maxPendingEvents;
    this.maxPendingBytes = b.maxPendingBytes;
    this.maxEventSize = b.maxEventSize;
    this.dropReplayedDuplicates = b.dropReplayedDuplicates;
    this.tokenTimeoutMillis = b.tokenTimeoutMillis;
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<String, String>(b.headers));
    this.heartbeatsAsEvents = b.heartbeatsAsEvents;
    this.maxDeliveryAttempts = b.maxDeliveryAttempts;
    this.method = b.method;
    this.body = b.body;
  }

  /** Every default: no token, bearer auth, in-memory store, acks every 500 events or 1 s. */
  public static SseConfig defaults() {
    return builder().build();
  }

  /** A builder with every default. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration. */
  public Builder toBuilder() {
    return copyInto(new Builder());
  }

  /** Sets every setting of {@code b} to this configuration's. */
  <B extends SseSettings<B>> B copyInto(B b) {
    b.tokenProvider = tokenProvider;
    b.fixedToken = fixedToken;
    b.authMode = authMode;
    b.encryptionPassphrase = encryptionPassphrase;
    b.clientId = clientId;
    b.lastEventIdStore = lastEventIdStore;
    b.initialLastEventId = initialLastEventId;
    b.reconnectPolicy = reconnectPolicy;
    b.readTimeoutMillis = readTimeoutMillis;
    b.callbackExecutor = callbackExecutor;
    b.ackPolicy = ackPolicy;
    b.objectMapper = objectMapper;
    b.maxPendingEvents = maxPendingEvents;
    b.maxPendingBytes = maxPendingBytes;
    b.maxEventSize = maxEventSize;
    b.dropReplayedDuplicates = dropReplayedDuplicates;
    b.tokenTimeoutMillis = tokenTimeoutMillis;
    b.headers.clear();
    b.headers.putAll(headers);
    b.heartbeatsAsEvents = heartbeatsAsEvents;
    b.maxDeliveryAttempts = maxDeliveryAttempts;
    b.method = method;
    b.body = body;
    return b;
  }

  /** Supplies the token on every connect and ack, or {@code null} to send none. */
  public TokenProvider tokenProvider() {
    return tokenProvider;
  }

  /** How the token travels. */
  public AuthMode authMode() {
    return authMode;
  }

  /** The shared passphrase for {@link AuthMode#ENCRYPTED}. */
  public String encryptionPassphrase() {
    return encryptionPassphrase;
  }

  /** A fixed client id, or {@code null} to use the store's, or else the one the hub assigns. */
  public String clientId() {
    return clientId;
  }

  /** Where the resume state is kept, or {@code null} for memory. */
  public LastEventIdStore lastEventIdStore() {
    return lastEventIdStore;
  }

  /** The id to resume from when the store has none, or {@code null}. */
  public String initialLastEventId() {
    return initialLastEventId;
  }

  /** How long to wait between reconnect attempts. */
  public ReconnectPolicy reconnectPolicy() {
    return reconnectPolicy;
  }

  /** The heartbeat watchdog: silence this long forces a reconnect (default 90 s, 3 x the hub's heartbeat). */
  public long readTimeoutMillis() {
    return readTimeoutMillis;
  }

  /** {@link #readTimeoutMillis()} as a {@link Duration}. */
  public Duration readTimeout() {
    return Duration.ofMillis(readTimeoutMillis);
  }

  /**
   * Where callbacks run, or {@code null} (the default) for the client's reader thread. Never shut down by the
   * SDK.
   */
  public Executor callbackExecutor() {
    return callbackExecutor;
  }

  /** When to acknowledge processed events to the hub. */
  public AckPolicy ackPolicy() {
    return ackPolicy;
  }

  /** The mapper for typed events, or {@code null} for a plain {@code ObjectMapper}. */
  public ObjectMapper objectMapper() {
    return objectMapper;
  }

  /** Events read but not yet handled by the app before reading pauses (default 1000). */
  public int maxPendingEvents() {
    return maxPendingEvents;
  }

  /**
   * Bytes of events read but not yet handled by the app before reading pauses, counted as two bytes a
   * character of their data, id and type (default 8 MiB). Comments and the SDK's reports count too.
   */
  public int maxPendingBytes() {
    return maxPendingBytes;
  }

  /**
   * The most bytes one event may have on the wire, its lines together without line ends, and the longest
   * line (default 1 MiB). A larger one is skipped up to its blank line, its {@code id:} included, and
   * reported to {@link SseListener#onError} as an {@link SseProtocolException}; the stream goes on.
   */
  public int maxEventSize() {
    return maxEventSize;
  }

  /**
   * Whether every connection sent with {@code Last-Event-ID} is taken for a replay, whose first events that
   * repeat processed ids are dropped (default false: only a connection that declares a replay, such as our
   * hub's; see {@link SseListener#onReplayedDuplicate}).
   */
  public boolean dropReplayedDuplicates() {
    return dropReplayedDuplicates;
  }

  /**
   * How long a {@link TokenProvider} call may take (default 30 s), on whichever SDK thread needs a token: a
   * longer one is interrupted, reported to {@link SseListener#onError} and retried with backoff; {@code close()}
   * interrupts one in progress.
   */
  public Duration tokenTimeout() {
    return Duration.ofMillis(tokenTimeoutMillis);
  }

  /** Extra request headers sent on every connect. */
  public Map<String, String> headers() {
    return headers;
  }

  /** Whether heartbeats also reach {@code onEvent} (default false; they always reach {@code onHeartbeat}). */
  public boolean heartbeatsAsEvents() {
    return heartbeatsAsEvents;
  }

  /**
   * How many times each callback is called for one event before the event is given up (default 3): see
   * {@link SseListener#onPoisonEvent}.
   */
  public int maxDeliveryAttempts() {
    return maxDeliveryAttempts;
  }

  /** The request method of every connect (default {@code GET}). */
  public String method() {
    return method;
  }

  /** The request body sent on every connect, or {@code null}. */
  public RequestBody body() {
    return body;
  }

  /** Builds an {@link SseConfig}; its setters are those of {@link SseSettings}. Not thread-safe. */
  public static final class Builder extends SseSettings<Builder> {
    private Builder() {}

    @Override
    Builder self() {
      return this;
    }

    /** Builds the configuration; {@link AuthMode#ENCRYPTED} needs a passphrase. */
    public SseConfig build() {
      return config();
    }
  }
}
