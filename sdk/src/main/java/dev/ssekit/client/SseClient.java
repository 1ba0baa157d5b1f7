package dev.ssekit.client;

import dev.ssekit.client.internal.SseClients;
import com.fasterxml.jackson.core.type.TypeReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * A Server-Sent Events client that does not lose events: it reconnects with backoff and jitter, resumes with
 * {@code Last-Event-ID} from the last event the app <i>processed</i>, drops replayed duplicates, reports
 * gaps, acknowledges to the hub, and watches for silence.
 *
 * <pre>{@code
 * SseClient client = SseClient.builder("https://hub.example/v1/sse")
 *     .token("secret")
 *     .listener(event -> show(event.data()))
 *     .build();
 * client.on("order", Order.class, (order, event) -> show(event.id(), order));
 * client.start();
 * ...
 * client.close();
 * }</pre>
 *
 * Thread-safe. Callbacks run on the client's reader thread, or on the callback executor if one is configured
 * (see {@link SseListener}).
 */
public interface SseClient extends AutoCloseable {

  /** A builder for a client of this stream URL. */
  static Builder builder(String url) {
    return new Builder(url);
  }

  /** Starts connecting. Call once. */
  void start();

  /**
   * Subscribes to one event type, decoding its data as JSON into {@code type} with the configured
   * {@code ObjectMapper} (the default one ignores JSON properties the type does not have). A decode failure
   * goes to {@link SseListener#onError} as an {@link SseCallbackException} naming the event's id and type and
   * the target type, and the event is given up ({@link SseListener#onPoisonEvent}); the stream keeps going. A
   * handler that throws is retried like any callback (see {@link SseListener}). The handler runs where the
   * other callbacks run. May be called before or after {@link #start()}.
   */
  <T> Subscription on(String eventType, Class<T> type, Consumer<? super T> handler);

  /**
   * Subscribes to one event type, decoding its data as JSON into {@code type}; the handler also gets the event
   * (its id and type). See {@link #on(String, Class, Consumer)}.
   */
  <T> Subscription on(String eventType, Class<T> type, BiConsumer<? super T, SseEvent> handler);

  /**
   * Subscribes to one event type, decoding its data into a generic type such as
   * {@code new TypeReference<List<Order>>() {}}. See {@link #on(String, Class, Consumer)}.
   */
  <T> Subscription on(String eventType, TypeReference<T> type, BiConsumer<? super T, SseEvent> handler);

  /**
   * Drops the live connection, or cuts short the wait before the next attempt, and connects again at once
   * with the same {@code Last-Event-ID}; no error is reported and the backoff starts over. Any thread; does
   * nothing before {@link #start()} or after close.
   */
  void restart();

  /** The current connection state. */
  ConnectionState state();

  /**
   * The id of the last event the app processed (see {@link SseListener}): what a reconnect sends as
   * {@code Last-Event-ID}. {@code null} before any id; empty after the server reset it with an empty
   * {@code id:} field (then no {@code Last-Event-ID} is sent). Before the first processed id, the join position
   * of the hub's {@code connected} event (docs/PROTOCOL.md, clause 8), so a stream that ends before its first
   * message resumes without loss; a join position is never acknowledged.
   */
  String lastEventId();

  /**
   * How many events were dropped as replayed duplicates (see {@link SseListener#onReplayedDuplicate}); 0 unless
   * a connection declared a replay.
   */
  long duplicatesDropped();

  /** The id the hub last confirmed as acknowledged, or {@code null}. */
  String lastAckedId();

  /** The client id in use (configured, stored, or assigned by the hub), or {@code null} before it is known. */
  String clientId();

  /**
   * Stops for good: no more callbacks but the final {@code CLOSED} state; pending acks are flushed (the final ack
   * gets at most 2 s, on the SDK's ack thread). Returns at once (safe on Android's main thread), is idempotent,
   * and leaves no SDK thread, timer or socket behind once that final ack is done.
   * An executor the app supplied is not shut down.
   */
  @Override
  void close();

  /**
   * Builds an {@link SseClient}: the URL, the OkHttp client and the listener here, every other setting from
   * {@link SseSettings} (the same setters as {@link SseConfig.Builder}), or all of them at once with
   * {@link #config(SseConfig)}. Each setter checks its argument. Not thread-safe.
   */
  final class Builder extends SseSettings<Builder> {
    private final HttpUrl url;
    private OkHttpClient okHttpClient;
    private SseListener listener;

    private Builder(String url) {
      if (url == null) {
        throw new IllegalArgumentException("url == null");
      }
      HttpUrl parsed = HttpUrl.parse(url);
      if (parsed == null) {
        throw new IllegalArgumentException("not an http(s) URL: " + url);
      }
      this.url = parsed;
    }

    @Override
    Builder self() {
      return this;
    }

    /** The OkHttp client to share (its connection pool and settings). Default: one of the SDK's own. */
    public Builder okHttpClient(OkHttpClient client) {
      this.okHttpClient = client;
      return this;
    }

    /** Every setting of {@code config} at once, replacing those set on this builder so far. */
    public Builder config(SseConfig config) {
      if (config == null) {
        throw new IllegalArgumentException("config == null");
      }
      return config.copyInto(this);
    }

    /**
     * Receives every callback. A lambda is an {@code onEvent}. Default: one that ignores events and logs each
     * kind of failure (decode error, poison event, connection or ack failure) once at WARNING to the
     * {@code dev.ssekit.client} java.util.logging logger.
     */
    public Builder listener(SseListener listener) {
      this.listener = listener;
      return this;
    }

    /** Builds the client; it connects only when {@link SseClient#start()} is called. */
    public SseClient build() {
      return SseClients.create(url, okHttpClient, config(), listener, null, null, null);
    }
  }
}
