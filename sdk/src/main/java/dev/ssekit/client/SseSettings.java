package dev.ssekit.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The settings of a client, each with its default and its check, written once for the two builders that take
 * them: {@link SseConfig.Builder}, for a configuration to keep or share between clients, and
 * {@link SseClient.Builder}, for one client. Each setter checks its argument and returns the builder it was
 * called on. Not thread-safe.
 *
 * @param <B> the builder's own type
 */
public abstract class SseSettings<B extends SseSettings<B>> {
  TokenProvider tokenProvider;
  /** The token given to {@link #token}, checked by {@link #config()} once the auth mode is known. */
  String fixedToken;
  AuthMode authMode = AuthMode.BEARER;
  String encryptionPassphrase;
  String clientId;
  LastEventIdStore lastEventIdStore;
  String initialLastEventId;
  ReconnectPolicy reconnectPolicy = ReconnectPolicy.defaults();
  long readTimeoutMillis = 90_000;
  Executor callbackExecutor;
  AckPolicy ackPolicy = AckPolicy.defaults();
  ObjectMapper objectMapper;
  int maxPendingEvents = 1000;
  int maxPendingBytes = 8 * 1024 * 1024;
  int maxEventSize = 1024 * 1024;
  boolean dropReplayedDuplicates;
  long tokenTimeoutMillis = 30_000;
  final Map<String, String> headers = new LinkedHashMap<String, String>();
  boolean heartbeatsAsEvents;
  int maxDeliveryAttempts = 3;
  String method = "GET";
  RequestBody body;

  SseSettings() {}

  /** This builder, as its own type. */
  abstract B self();

  /** Asks this provider for the token on every connect and ack. */
  public final B tokenProvider(TokenProvider provider) {
    this.tokenProvider = provider;
    this.fixedToken = null;
    return self();
  }

  /**
   * A fixed token. With {@link AuthMode#BEARER} it must be one HTTP can carry in a header (printable ASCII
   * or tab), checked when the builder builds, which names the index, never the token.
   */
  public final B token(String token) {
    if (token == null || token.isEmpty()) {
      throw new IllegalArgumentException("token must not be empty");
    }
    tokenProvider(() -> token);
    this.fixedToken = token;
    return self();
  }

  /** How the token travels (default {@link AuthMode#BEARER}). */
  public final B authMode(AuthMode mode) {
    if (mode == null) {
      throw new IllegalArgumentException("authMode == null");
    }
    this.authMode = mode;
    return self();
  }

  /** The passphrase for {@link AuthMode#ENCRYPTED}; also switches to that mode. */
  public final B encryptionPassphrase(String passphrase) {
    if (passphrase == null || passphrase.isEmpty()) {
      throw new IllegalArgumentException("encryptionPassphrase must not be empty");
    }
    this.encryptionPassphrase = passphrase;
    this.authMode = AuthMode.ENCRYPTED;
    return self();
  }

  /** A fixed client id, sent as {@code X-Client-ID} (default: the store's, else the hub's). */
  public final B clientId(String id) {
    if (id != null && id.isEmpty()) {
      throw new IllegalArgumentException("clientId must not be empty");
    }
    HeaderValues.checkId("clientId", id);
    this.clientId = id;
    return self();
  }

  /** Keeps the resume state here (default: in memory). */
  public final B lastEventIdStore(LastEventIdStore store) {
    this.lastEventIdStore = store;
    return self();
  }

  /** Resumes from this id when the store has none. */
  public final B initialLastEventId(String id) {
    HeaderValues.checkId("initialLastEventId", id);
    this.initialLastEventId = id;
    return self();
  }

  /** How long to wait between reconnect attempts. */
  public final B reconnectPolicy(ReconnectPolicy policy) {
    if (policy == null) {
      throw new IllegalArgumentException("reconnectPolicy == null");
    }
    this.reconnectPolicy = policy;
    return self();
  }

  /** Silence this long forces a reconnect (default 90 s). */
  public final B readTimeoutMillis(long millis) {
    if (millis < 1) {
      throw new IllegalArgumentException("readTimeoutMillis must be >= 1, was " + millis);
    }
    this.readTimeoutMillis = millis;
    return self();
  }

  /** Silence this long forces a reconnect (default 90 s); at least 1 ms. */
  public final B readTimeout(Duration timeout) {
    return readTimeoutMillis(Durations.toMillis("readTimeout", timeout));
  }

  /**
   * Runs callbacks here (e.g. Android's main thread), handed over in batches from the reader thread; the SDK
   * never shuts it down. By default ({@code null}) callbacks run on the reader thread itself, which costs
   * least: a slow callback then holds reading back, and TCP pushes back on the server.
   */
  public final B callbackExecutor(Executor executor) {
    this.callbackExecutor = executor;
    return self();
  }

  /** When to acknowledge (default every 500 events or 1 s; {@link AckPolicy#disabled()} for none). */
  public final B ackPolicy(AckPolicy policy) {
    if (policy == null) {
      throw new IllegalArgumentException("ackPolicy == null (use AckPolicy.disabled())");
    }
    this.ackPolicy = policy;
    return self();
  }

  /** The Jackson mapper for typed subscriptions. */
  public final B objectMapper(ObjectMapper mapper) {
    this.objectMapper = mapper;
    return self();
  }

  /** Events read ahead of the app before reading pauses (default 1000). */
  public final B maxPendingEvents(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("maxPendingEvents must be >= 1, was " + max);
    }
    this.maxPendingEvents = max;
    return self();
  }

  /**
   * Bytes of events read ahead of the app before reading pauses (default 8 MiB): see
   * {@link SseConfig#maxPendingBytes()}.
   */
  public final B maxPendingBytes(int bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("maxPendingBytes must be >= 1, was " + bytes);
    }
    this.maxPendingBytes = bytes;
    return self();
  }

  /**
   * For a server that replays from {@code Last-Event-ID} and may repeat the last events the client processed:
   * drops those repeats at the start of each resumed connection (default false). See
   * {@link SseConfig#dropReplayedDuplicates()}.
   */
  public final B dropReplayedDuplicates(boolean enabled) {
    this.dropReplayedDuplicates = enabled;
    return self();
  }

  /** How long a token provider call may take (default 30 s, at least 1 ms): see {@link SseConfig#tokenTimeout()}. */
  public final B tokenTimeout(Duration timeout) {
    long millis = Durations.toMillis("tokenTimeout", timeout);
    if (millis < 1) {
      throw new IllegalArgumentException("tokenTimeout must be >= 1 ms, was " + timeout);
    }
    this.tokenTimeoutMillis = millis;
    return self();
  }

  /** The largest event (and line) taken in, in bytes (default 1 MiB): see {@link SseConfig#maxEventSize()}. */
  public final B maxEventSize(int bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("maxEventSize must be >= 1, was " + bytes);
    }
    this.maxEventSize = bytes;
    return self();
  }

  /**
   * Sends this header on every connect (replacing an earlier value of the same name).
   *
   * @throws IllegalArgumentException naming the header (never quoting the value) if HTTP cannot carry it:
   *     a name must be printable ASCII without spaces, a value printable ASCII or tab
   */
  public final B header(String name, String value) {
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
    return self();
  }

  /**
   * The request method and body of every connect, e.g. {@code POST} or {@code REPORT} with a query in the
   * body; resent unchanged on every reconnect. The body's content type becomes the {@code Content-Type}.
   *
   * @param body the body, or {@code null} for methods without one; it must be readable more than once
   *     (not {@link RequestBody#isOneShot() one-shot} or duplex), as every reconnect sends it again
   */
  public final B method(String method, RequestBody body) {
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
    return self();
  }

  /**
   * How many times each callback is called for one event before the event is given up (default 3, at
   * least 1); see {@link SseListener#onPoisonEvent}.
   */
  public final B maxDeliveryAttempts(int attempts) {
    if (attempts < 1) {
      throw new IllegalArgumentException("maxDeliveryAttempts must be >= 1, was " + attempts);
    }
    this.maxDeliveryAttempts = attempts;
    return self();
  }

  /** Also delivers heartbeats to {@code onEvent} (default false). */
  public final B heartbeatsAsEvents(boolean enabled) {
    this.heartbeatsAsEvents = enabled;
    return self();
  }

  /** The configuration these settings make; {@link AuthMode#ENCRYPTED} needs a passphrase. */
  final SseConfig config() {
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
