package dev.ssekit.client;

import dev.ssekit.client.internal.RealSseClient;
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
 *     .config(SseConfig.builder().token("secret").build())
 *     .listener(myListener)
 *     .build();
 * client.on("order", Order.class, order -> show(order));
 * client.start();
 * ...
 * client.close();
 * }</pre>
 *
 * Thread-safe. Callbacks run on the configured callback executor (see {@link SseListener}).
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
   * {@code ObjectMapper}. A decode failure goes to {@link SseListener#onError}; the stream keeps going. The
   * handler runs on the callback executor. May be called before or after {@link #start()}.
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
   * {@code id:} field (then no {@code Last-Event-ID} is sent).
   */
  String lastEventId();

  /** The id the hub last confirmed as acknowledged, or {@code null}. */
  String lastAckedId();

  /** The client id in use (configured, stored, or assigned by the hub), or {@code null} before it is known. */
  String clientId();

  /**
   * Stops for good: no more callbacks but the final {@code CLOSED} state; pending acks are flushed. Returns at
   * once (safe on Android's main thread), is idempotent, and leaves no SDK thread, timer or socket behind.
   * An executor the app supplied is not shut down.
   */
  @Override
  void close();

  /** Builds an {@link SseClient}. Not thread-safe. */
  final class Builder {
    private final HttpUrl url;
    private OkHttpClient okHttpClient;
    private SseConfig config = SseConfig.defaults();
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

    /** The OkHttp client to share (its connection pool and settings). Default: one of the SDK's own. */
    public Builder okHttpClient(OkHttpClient client) {
      this.okHttpClient = client;
      return this;
    }

    /** How the client connects, resumes, acknowledges and calls back. */
    public Builder config(SseConfig config) {
      if (config == null) {
        throw new IllegalArgumentException("config == null");
      }
      this.config = config;
      return this;
    }

    /** Receives every callback (default: one that ignores everything). */
    public Builder listener(SseListener listener) {
      this.listener = listener;
      return this;
    }

    /** Builds the client; it connects only when {@link SseClient#start()} is called. */
    public SseClient build() {
      return new RealSseClient(url, okHttpClient, config, listener == null ? new SseListener() {} : listener,
          null, null, null);
    }
  }
}
