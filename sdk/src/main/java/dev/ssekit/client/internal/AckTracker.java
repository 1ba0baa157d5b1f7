package dev.ssekit.client.internal;

import dev.ssekit.client.AckPolicy;
import dev.ssekit.client.SseConnectionException;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.MaxRetriesExceeded;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.event.RetryEvent;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Acknowledges processed events to the hub, batched: after {@code everyEvents} events or {@code everyMillis},
 * whichever comes first, always the newest id only. On a busy stream the event count would ask for an ack many
 * times a second, so acks are paced: one request at a time, each started at least {@link #PACING_MILLIS} (or
 * {@code everyMillis}, if shorter) after the one before (all but the final ack on close); the newest id rides on
 * the next request. Runs on its
 * own thread, so a slow or failing ack never delays delivery. An ack is a finite call retried by resilience4j-retry
 * on the ack thread (the waits are scheduled, no thread sleeps): network and token-provider failures, 5xx, 408,
 * 429 and 401/403 (with a fresh token) are retried, at most {@link #ATTEMPTS} attempts with a
 * {@link CappedBackoff} from {@link #INITIAL_BACKOFF_MILLIS} to {@link #MAX_BACKOFF_MILLIS}; each attempt
 * carries the newest id. An ack given up is sent again by the next event's ack or the final ack. Another 4xx
 * is not retried (a 400 means the hub does not know the id; a newer one follows). A 404 means the server has no
 * ack endpoint: acks turn off with one log line.
 */
final class AckTracker {

  private static final Logger LOG = Logger.getLogger("dev.ssekit.client");
  private static final MediaType JSON = MediaType.parse("application/json; charset=utf-8");
  /** How long the ack sent by close() may take: the ack thread must not outlive close() by much. */
  static final long FINAL_ACK_TIMEOUT_MILLIS = 2_000;
  /** The least time between the starts of two acks (the final ack on close excepted). */
  static final long PACING_MILLIS = 100;
  /** The most attempts one ack makes before it is given up. */
  static final int ATTEMPTS = 10;
  static final long INITIAL_BACKOFF_MILLIS = 500;
  static final long MAX_BACKOFF_MILLIS = 30_000;

  /** The few things the tracker needs from its client. */
  interface Context {
    /** The client id to ack for, or null if not known yet. */
    String clientId();

    /**
     * A request to the ack URL with the stream's credentials and custom headers on it.
     *
     * @param freshToken whether to ask the token provider for a fresh token (the last ack got 401/403)
     * @param maxTokenWaitMillis the most time to wait for the token provider (less than its timeout, on close)
     */
    Request.Builder authorized(HttpUrl url, boolean freshToken, long maxTokenWaitMillis);

    /** close() began: token provider calls being waited for are abandoned. Any thread. */
    void abandonTokenCalls();

    /** An ack failed; told once per kind of failure (each is retried). */
    void failed(RuntimeException error);

    /** The final ack is done (or there was none to send): the ack thread ends next. */
    void finished();
  }

  private final OkHttpClient http;
  private final HttpUrl url;
  private final AckPolicy policy;
  private final Context context;
  private final ScheduledExecutorService thread;
  private final long pacingNanos;
  private final AtomicInteger sinceFlush = new AtomicInteger();
  /** An immediate flush is queued. At most one is: a newer id rides on it, since acks carry the newest id. */
  private final AtomicBoolean flushQueued = new AtomicBoolean();
  /** The interval timer is set. */
  private final AtomicBoolean timerSet = new AtomicBoolean();
  /** Written by the callback thread. */
  private volatile String latest;
  /** Written by the ack thread. */
  private volatile String lastAcked;
  /** When the last paced flush started ({@code System.nanoTime()}). Ack thread only. */
  private long lastFlushNanos;
  private volatile boolean disabled;
  /** close() was called: the next flush is the last one and gets a short deadline. */
  private volatile boolean closing;
  /** When close() began; read once {@link #closing} is seen. */
  private volatile long closedAtNanos;
  /** The ack request being made before close(), or null. Written by the ack thread, cancelled by close(). */
  private volatile Call inFlight;
  /** Ack thread only. */
  private String rejected;
  /** A retry sequence is running; its next attempt carries the newest id. Ack thread only. */
  private boolean retrying;
  /** The status of the last ack request. Ack thread only. */
  private int lastCode;
  private final Retry retry;
  /** The last ack was refused with 401/403: the next one asks for a fresh token. Ack thread only. */
  private boolean refreshNext;
  /** The kinds of failure already reported: each reaches onError once, not on every retry. Ack thread only. */
  private final java.util.Set<String> reported = new java.util.HashSet<String>();

  AckTracker(OkHttpClient http, HttpUrl url, AckPolicy policy, Context context, ScheduledExecutorService thread) {
    this(http, url, policy, context, thread, ATTEMPTS, new CappedBackoff(INITIAL_BACKOFF_MILLIS, MAX_BACKOFF_MILLIS));
  }

  /** As above, with the retry's attempts and backoff given (tests). */
  AckTracker(OkHttpClient http, HttpUrl url, AckPolicy policy, Context context, ScheduledExecutorService thread,
      int attempts, IntervalFunction backoff) {
    this.http = http;
    this.url = url;
    this.policy = policy;
    this.context = context;
    this.thread = thread;
    this.pacingNanos = TimeUnit.MILLISECONDS.toNanos(Math.min(PACING_MILLIS, policy.everyMillis()));
    this.lastFlushNanos = System.nanoTime() - pacingNanos;
    this.retry = Retry.of("ssekit-ack", retryConfig(attempts, backoff));
    retry.getEventPublisher().onEvent(this::onRetryEvent);
  }

  String lastAckedId() {
    return lastAcked;
  }

  /** Called on the callback thread after the app processed {@code count} events, the newest being {@code id}. */
  void processed(String id, int count) {
    latest = id;
    if (disabled) {
      return;
    }
    if (sinceFlush.addAndGet(count) >= policy.everyEvents()) {
      sinceFlush.set(0);
      if (flushQueued.compareAndSet(false, true)) {
        submit(0, flushQueued); // paced on the ack thread
      }
    } else if (timerSet.compareAndSet(false, true)) {
      submit(policy.everyMillis(), timerSet);
    }
  }

  /**
   * Runs a flush on the ack thread after {@code delayMillis}, then clears {@code flag}. Every such flush is
   * paced: one that comes too soon after the last waits for the rest of the pacing interval, its flag still set,
   * so no other flush of its kind queues meanwhile. The start time is recorded before the flag is cleared, so
   * an ack queued while this one asks for a token waits its turn.
   */
  private void submit(long delayMillis, final AtomicBoolean flag) {
    try {
      thread.schedule(() -> {
        long wait = pacingNanos - (System.nanoTime() - lastFlushNanos);
        if (wait > 0) {
          submit(TimeUnit.NANOSECONDS.toMillis(wait) + 1, flag); // the flag stays set: nothing else queues
          return;
        }
        lastFlushNanos = System.nanoTime();
        flag.set(false);
        flushSafely();
      }, delayMillis, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      flag.set(false); // the client is closing; close() sends the last ack
    }
  }

  /**
   * Cancels an ack in flight, sends the final ack (with a deadline of {@link #FINAL_ACK_TIMEOUT_MILLIS}), then
   * lets the ack thread end. Non-blocking.
   */
  void close() {
    closedAtNanos = System.nanoTime();
    closing = true;
    context.abandonTokenCalls(); // an ack waiting for a token ends now; the final ack asks within its bound
    Call current = inFlight;
    if (current != null) {
      current.cancel(); // it may wait up to the ack call timeout; the final ack carries the newest id anyway
    }
    try {
      thread.execute(() -> {
        try {
          flushSafely();
        } finally {
          context.finished();
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException alreadyClosed) {
      return;
    }
    thread.shutdown();
  }

  /** Every task on the ack thread goes through here: whatever fails is reported, never lost. */
  private void flushSafely() {
    try {
      flush();
    } catch (Throwable e) {
      context.failed(new IllegalStateException("the ack thread failed: " + e.getClass().getName(), e));
    }
  }

  /**
   * Sends the newest id, unless a retry sequence is running (its next attempt carries the newest id). The
   * final ack on close is one attempt, not retried.
   */
  private void flush() {
    if (closing) {
      attempt();
      return;
    }
    if (retrying || !hasNewId()) {
      return;
    }
    retrying = true;
    retry.executeCompletionStage(thread, this::attempt).whenComplete(this::sequenceEnded);
  }

  /** What is left of the final ack's {@link #FINAL_ACK_TIMEOUT_MILLIS}, counted from close(). */
  private long finalAckMillisLeft() {
    return FINAL_ACK_TIMEOUT_MILLIS - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closedAtNanos);
  }

  private boolean hasNewId() {
    String id = latest;
    return !disabled && id != null && !id.equals(lastAcked) && !id.equals(rejected) && context.clientId() != null;
  }

  /** A retry sequence ended (acked, given up, or not retryable). Ack thread. */
  private void sequenceEnded(Integer code, Throwable error) {
    retrying = false;
    if (error != null && !closing && !isRetryable(error)) {
      reportOnce(error.getClass().getName(), error instanceof RuntimeException ? (RuntimeException) error
          : new IllegalStateException("an ack failed: " + error.getClass().getName(), error));
    }
    if (!closing && code != null && isSuccess(code) && hasNewId() && flushQueued.compareAndSet(false, true)) {
      submit(0, flushQueued); // newer ids came while this ack was on its way
    }
  }

  /**
   * One ack request with the newest id: completes with the HTTP status (0: nothing to send), or fails with the
   * I/O or token-provider failure. Never throws: resilience4j decides from the outcome. Ack thread.
   */
  private CompletionStage<Integer> attempt() {
    CompletableFuture<Integer> outcome = new CompletableFuture<Integer>();
    try {
      outcome.complete(send());
    } catch (IOException | RuntimeException e) {
      outcome.completeExceptionally(e);
    }
    return outcome;
  }

  private int send() throws IOException {
    String id = latest;
    String clientId = context.clientId();
    if (!hasNewId()) {
      return 0;
    }
    lastFlushNanos = System.nanoTime();
    String body = "{\"client_id\":" + quote(clientId) + ",\"last_event_id\":" + quote(id) + "}";
    Request request = context.authorized(url, refreshNext, closing ? finalAckMillisLeft() : Long.MAX_VALUE)
        .post(RequestBody.create(body, JSON)).build();
    refreshNext = false;
    Call call = http.newCall(request);
    if (closing) {
      long left = finalAckMillisLeft();
      if (left <= 0) {
        return 0; // the token took the final ack's whole time
      }
      call.timeout().timeout(left, TimeUnit.MILLISECONDS);
    } else {
      inFlight = call;
      if (closing) {
        call.cancel(); // close() came meanwhile and may not have seen this call
      }
    }
    int code;
    try (Response response = call.execute()) {
      code = response.code();
    } finally {
      inFlight = null;
    }
    lastCode = code;
    if (isSuccess(code)) {
      lastAcked = id;
    } else if (code == 401 || code == 403) {
      refreshNext = true; // an expired token: the next try asks the provider for a fresh one
    } else if (code == 404) {
      disabled = true;
      LOG.info("the server has no ack endpoint at " + Credentials.redact(url) + "; acks are off");
    } else if (!isRetryable(code)) {
      rejected = id; // 400: the hub does not know this id; a newer one will follow
      if (code != 400) {
        reportOnce("http " + code, new SseConnectionException("an ack to " + Credentials.redact(url)
            + " was refused (HTTP " + code + "); not retried, the next event's ack is sent as usual", code, null));
      }
    }
    return code;
  }

  private static boolean isSuccess(int code) {
    return code >= 200 && code < 300;
  }

  /** Statuses a later try can change: an expired token, a timeout, too many requests, a server failure. */
  static boolean isRetryable(int code) {
    return code == 401 || code == 403 || code == 408 || code == 429 || code >= 500;
  }

  /** Failures a later try can change: the network, and the token provider (it failed or timed out). */
  private static boolean isRetryable(Throwable error) {
    return error instanceof IOException || error instanceof SseConnectionException;
  }

  /** The retry policy of one ack: a finite call, nothing retried once close() began. */
  private RetryConfig retryConfig(int attempts, IntervalFunction backoff) {
    return RetryConfig.<Integer>custom()
        .maxAttempts(attempts)
        .intervalFunction(backoff)
        .retryOnResult(code -> !closing && code != null && isRetryable(code.intValue()))
        .retryOnException(error -> !closing && isRetryable(error))
        .build();
  }

  /** resilience4j's events say what happened; each kind of failure reaches the app once. Ack thread. */
  private void onRetryEvent(RetryEvent event) {
    RetryEvent.Type type = event.getEventType();
    if (closing || (type != RetryEvent.Type.RETRY && type != RetryEvent.Type.ERROR)) {
      return;
    }
    Throwable error = event.getLastThrowable() instanceof MaxRetriesExceeded ? null : event.getLastThrowable();
    int code = error != null ? 0 : lastCode;
    String target = "an ack to " + Credentials.redact(url);
    // A token failure's own message says what the provider did (it never quotes a token); I/O: its type.
    String cause = error == null ? "HTTP " + code
        : error instanceof SseConnectionException ? error.getMessage() : error.getClass().getName();
    if (type == RetryEvent.Type.ERROR) {
      reportOnce("gave up", new SseConnectionException(target + " gave up after " + event.getNumberOfRetryAttempts()
          + " attempts (" + cause + "); the next event's ack or the final ack on close sends the newest id again",
          code, error));
    } else if (code == 401 || code == 403) {
      reportOnce("http " + code, new SseConnectionException(target + " was refused (" + cause
          + "); retrying with a fresh token", code, null));
    } else {
      String kind = error instanceof IOException ? "network" : error != null ? "token" : "http " + code;
      reportOnce(kind, new SseConnectionException(target + " failed (" + cause + "); retrying with backoff", code,
          error));
    }
  }

  /** Tells the app of a failure the first time one of its kind happens. Ack thread. */
  private void reportOnce(String kind, RuntimeException error) {
    if (reported.add(kind)) {
      context.failed(error);
    }
  }

  /** A JSON string literal. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
