package dev.ssekit.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Everything about how a client connects, resumes, acknowledges and calls back, except the URL and the
 * OkHttp client. Immutable; build with {@link #builder()}. Each setter checks its argument.
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

  private SseConfig(Builder b) {
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
    Builder b = new Builder();
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

  /** Builds an {@link SseConfig}. Not thread-safe. */
  public static final class Builder {
    private TokenProvider tokenProvider;
    /** The token given to {@link #token}, checked by {@link #build()} once the auth mode is known. */
    private String fixedToken;
    private AuthMode authMode = AuthMode.BEARER;
    private String encryptionPassphrase;
    private String clientId;
    private LastEventIdStore lastEventIdStore;
    private String initialLastEventId;
    private ReconnectPolicy reconnectPolicy = ReconnectPolicy.defaults();
    private long readTimeoutMillis = 90_000;
    private Executor callbackExecutor;
    private AckPolicy ackPolicy = AckPolicy.defaults();
    private ObjectMapper objectMapper;
    private int maxPendingEvents = 1000;
    private int maxPendingBytes = 8 * 1024 * 1024;
    private int maxEventSize = 1024 * 1024;
    private boolean dropReplayedDuplicates;
    private long tokenTimeoutMillis = 30_000;
    private final Map<String, String> headers = new LinkedHashMap<String, String>();
    private boolean heartbeatsAsEvents;
    private int maxDeliveryAttempts = 3;
    private String method = "GET";
    private RequestBody body;

    private Builder() {}

    /** Asks this provider for the token on every connect and ack. */
    public Builder tokenProvider(TokenProvider provider) {
      this.tokenProvider = provider;
      this.fixedToken = null;
      return this;
    }

    /**
     * A fixed token. With {@link AuthMode#BEARER} it must be one HTTP can carry in a header (printable ASCII
     * or tab), checked by {@link #build()}, which names the index, never the token.
     */
    public Builder token(final String token) {
      if (token == null || token.isEmpty()) {
        throw new IllegalArgumentException("token must not be empty");
      }
      tokenProvider(new TokenProvider() {
        @Override
        public String token() {
          return token;
        }
      });
      this.fixedToken = token;
      return this;
    }

    /** How the token travels (default {@link AuthMode#BEARER}). */
    public Builder authMode(AuthMode mode) {
      if (mode == null) {
        throw new IllegalArgumentException("authMode == null");
      }
      this.authMode = mode;
      return this;
    }

    /** The passphrase for {@link AuthMode#ENCRYPTED}; also switches to that mode. */
    public Builder encryptionPassphrase(String passphrase) {
      if (passphrase == null || passphrase.isEmpty()) {
        throw new IllegalArgumentException("encryptionPassphrase must not be empty");
      }
      this.encryptionPassphrase = passphrase;
      this.authMode = AuthMode.ENCRYPTED;
      return this;
    }

    /** A fixed client id, sent as {@code X-Client-ID} (default: the store's, else the hub's). */
    public Builder clientId(String id) {
      if (id != null && id.isEmpty()) {
        throw new IllegalArgumentException("clientId must not be empty");
      }
      HeaderValues.checkId("clientId", id);
      this.clientId = id;
      return this;
    }

    /** Keeps the resume state here (default: in memory). */
    public Builder lastEventIdStore(LastEventIdStore store) {
      this.lastEventIdStore = store;
      return this;
    }

    /** Resumes from this id when the store has none. */
    public Builder initialLastEventId(String id) {
      HeaderValues.checkId("initialLastEventId", id);
      this.initialLastEventId = id;
      return this;
    }

    /** How long to wait between reconnect attempts. */
    public Builder reconnectPolicy(ReconnectPolicy policy) {
      if (policy == null) {
        throw new IllegalArgumentException("reconnectPolicy == null");
      }
      this.reconnectPolicy = policy;
      return this;
    }

    /** Silence this long forces a reconnect (default 90 s). */
    public Builder readTimeoutMillis(long millis) {
      if (millis < 1) {
        throw new IllegalArgumentException("readTimeoutMillis must be >= 1, was " + millis);
      }
      this.readTimeoutMillis = millis;
      return this;
    }

    /** Silence this long forces a reconnect (default 90 s); at least 1 ms. */
    public Builder readTimeout(Duration timeout) {
      return readTimeoutMillis(Durations.toMillis("readTimeout", timeout));
    }

    /**
     * Runs callbacks here (e.g. Android's main thread), handed over in batches from the reader thread; the SDK
     * never shuts it down. By default ({@code null}) callbacks run on the reader thread itself, which costs
     * least: a slow callback then holds reading back, and TCP pushes back on the server.
     */
    public Builder callbackExecutor(Executor executor) {
      this.callbackExecutor = executor;
      return this;
    }

    /** When to acknowledge (default every 500 events or 1 s; {@link AckPolicy#disabled()} for none). */
    public Builder ackPolicy(AckPolicy policy) {
      if (policy == null) {
        throw new IllegalArgumentException("ackPolicy == null (use AckPolicy.disabled())");
      }
      this.ackPolicy = policy;
      return this;
    }

    /** The Jackson mapper for typed subscriptions. */
    public Builder objectMapper(ObjectMapper mapper) {
      this.objectMapper = mapper;
      return this;
    }

    /** Events read ahead of the app before reading pauses (default 1000). */
    public Builder maxPendingEvents(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxPendingEvents must be >= 1, was " + max);
      }
      this.maxPendingEvents = max;
      return this;
    }

    /** Bytes of events read ahead of the app before reading pauses (default 8 MiB): see {@link #maxPendingBytes()}. */
    public Builder maxPendingBytes(int bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxPendingBytes must be >= 1, was " + bytes);
      }
      this.maxPendingBytes = bytes;
      return this;
    }

    /**
     * For a server that replays from {@code Last-Event-ID} and may repeat the last events the client processed:
     * drops those repeats at the start of each resumed connection (default false). See
     * {@link SseConfig#dropReplayedDuplicates()}.
     */
    public Builder dropReplayedDuplicates(boolean enabled) {
      this.dropReplayedDuplicates = enabled;
      return this;
    }

    /** How long a token provider call may take (default 30 s, at least 1 ms): see {@link SseConfig#tokenTimeout()}. */
    public Builder tokenTimeout(Duration timeout) {
      long millis = Durations.toMillis("tokenTimeout", timeout);
      if (millis < 1) {
        throw new IllegalArgumentException("tokenTimeout must be >= 1 ms, was " + timeout);
      }
      this.tokenTimeoutMillis = millis;
      return this;
    }

    /** The largest event (and line) taken in, in bytes (default 1 MiB): see {@link #maxEventSize()}. */
    public Builder maxEventSize(int bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxEventSize must be >= 1, was " + bytes);
      }
      this.maxEventSize = bytes;
      return this;
    }

    /**
     * Sends this header on every connect (replacing an earlier value of the same name).
     *
     * @throws IllegalArgumentException naming the header (never quoting the value) if HTTP cannot carry it:
     *     a name must be printable ASCII without spaces, a value printable ASCII or tab
     */
    public Builder header(String name, String value) {
      if (name == null || value == null) {
        throw new IllegalArgumentException("header name and value are required");
      }
      HeaderValues.checkHeader(name, value);
      for (String existing : new java.util.ArrayList<String>(headers.keySet())) {
        if (existing.equalsIgnoreCase(name)) {
          headers.remove(existing);
        }
      }
      headers.put(name, value);
      return this;
    }

    /**
     * The request method and body of every connect, e.g. {@code POST} or {@code REPORT} with a query in the
     * body; resent unchanged on every reconnect. The body's content type becomes the {@code Content-Type}.
     *
     * @param body the body, or {@code null} for methods without one; it must be readable more than once
     *     (not {@link RequestBody#isOneShot() one-shot} or duplex), as every reconnect sends it again
     */
    public Builder method(String method, RequestBody body) {
      if (method == null || method.isEmpty()) {
        throw new IllegalArgumentException("method must not be empty");
      }
      if (body != null && (body.isOneShot() || body.isDuplex())) {
        throw new IllegalArgumentException("the body of a " + method
            + " stream is sent on every reconnect, so it must not be one-shot or duplex");
      }
      try {
        new Request.Builder().url("http://localhost/").method(method, body);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("cannot stream with method " + method + ": " + e.getMessage(), e);
      }
      this.method = method;
      this.body = body;
      return this;
    }

    /**
     * How many times each callback is called for one event before the event is given up (default 3, at
     * least 1); see {@link SseListener#onPoisonEvent}.
     */
    public Builder maxDeliveryAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("maxDeliveryAttempts must be >= 1, was " + attempts);
      }
      this.maxDeliveryAttempts = attempts;
      return this;
    }

    /** Also delivers heartbeats to {@code onEvent} (default false). */
    public Builder heartbeatsAsEvents(boolean enabled) {
      this.heartbeatsAsEvents = enabled;
      return this;
    }

    /** Builds the configuration; {@link AuthMode#ENCRYPTED} needs a passphrase. */
    public SseConfig build() {
      if (authMode == AuthMode.ENCRYPTED && encryptionPassphrase == null) {
        throw new IllegalStateException("AuthMode.ENCRYPTED needs an encryptionPassphrase");
      }
      if (fixedToken != null && authMode == AuthMode.BEARER) {
        for (int i = 0; i < fixedToken.length(); i++) {
          char c = fixedToken.charAt(i);
          if (c != '\t' && (c < 0x20 || c >= 0x7f)) {
            throw new IllegalArgumentException("the token has a character an HTTP header cannot carry at index " + i
                + " (only printable ASCII and tab; AuthMode.QUERY sends any character, URL-encoded)");
          }
        }
      }
      return new SseConfig(this);
    }
  }
}
