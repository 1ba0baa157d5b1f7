package dev.ssekit.client.internal;

import dev.ssekit.client.AckPolicy;
import java.io.IOException;
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
 * own thread, so a slow or failing ack never delays delivery; failures retry with backoff and newer acks
 * supersede older ones. A 404 means the server has no ack endpoint: acks turn off with one log line.
 */
final class AckTracker {

  private static final Logger LOG = Logger.getLogger("dev.ssekit.client");
  private static final MediaType JSON = MediaType.parse("application/json; charset=utf-8");
  /** How long the ack sent by close() may take: the ack thread must not outlive close() by much. */
  static final long FINAL_ACK_TIMEOUT_MILLIS = 2_000;
  /** The least time between the starts of two acks (the final ack on close excepted). */
  static final long PACING_MILLIS = 100;

  /** The few things the tracker needs from its client. */
  interface Context {
    /** The client id to ack for, or null if not known yet. */
    String clientId();

    /**
     * A request to the ack URL with the stream's credentials and custom headers on it.
     *
     * @param freshToken whether to ask the token provider for a fresh token (the last ack got 401/403)
     */
    Request.Builder authorized(HttpUrl url, boolean freshToken);

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
  /** A retry after a failure is set. */
  private final AtomicBoolean retrySet = new AtomicBoolean();
  /** Written by the callback thread. */
  private volatile String latest;
  /** Written by the ack thread. */
  private volatile String lastAcked;
  /** When the last paced flush started ({@code System.nanoTime()}). Ack thread only. */
  private long lastFlushNanos;
  private volatile boolean disabled;
  /** close() was called: the next flush is the last one and gets a short deadline. */
  private volatile boolean closing;
  /** The ack request being made before close(), or null. Written by the ack thread, cancelled by close(). */
  private volatile Call inFlight;
  /** Ack thread only. */
  private String rejected;
  private int failures;
  /** The last ack was refused with 401/403: the next one asks for a fresh token. Ack thread only. */
  private boolean refreshNext;
  /** The kinds of failure already reported: each reaches onError once, not on every retry. Ack thread only. */
  private final java.util.Set<String> reported = new java.util.HashSet<String>();

  AckTracker(OkHttpClient http, HttpUrl url, AckPolicy policy, Context context, ScheduledExecutorService thread) {
    this.http = http;
    this.url = url;
    this.policy = policy;
    this.context = context;
    this.thread = thread;
    this.pacingNanos = TimeUnit.MILLISECONDS.toNanos(Math.min(PACING_MILLIS, policy.everyMillis()));
    this.lastFlushNanos = System.nanoTime() - pacingNanos;
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
      thread.schedule(new Runnable() {
        @Override
        public void run() {
          long wait = pacingNanos - (System.nanoTime() - lastFlushNanos);
          if (wait > 0) {
            submit(TimeUnit.NANOSECONDS.toMillis(wait) + 1, flag); // the flag stays set: nothing else queues
            return;
          }
          lastFlushNanos = System.nanoTime();
          flag.set(false);
          flushSafely();
        }
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
    closing = true;
    Call current = inFlight;
    if (current != null) {
      current.cancel(); // it may wait up to the ack call timeout; the final ack carries the newest id anyway
    }
    try {
      thread.execute(new Runnable() {
        @Override
        public void run() {
          try {
            flushSafely();
          } finally {
            context.finished();
          }
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException alreadyClosed) {
      return;
    }
    thread.shutdown();
  }

  /** Every task on the ack thread goes through here: whatever fails is retried or reported, never lost. */
  private void flushSafely() {
    try {
      flush();
    } catch (RuntimeException e) {
      reportOnce(e.getClass().getName(), e); // e.g. the token provider failed
      retryLater();
    } catch (Throwable e) {
      context.failed(new IllegalStateException("the ack thread failed: " + e.getClass().getName(), e));
    }
  }

  private void flush() {
    String id = latest;
    String clientId = context.clientId();
    if (disabled || id == null || id.equals(lastAcked) || id.equals(rejected) || clientId == null) {
      return;
    }
    String body = "{\"client_id\":" + quote(clientId) + ",\"last_event_id\":" + quote(id) + "}";
    Request request = context.authorized(url, refreshNext).post(RequestBody.create(body, JSON)).build();
    refreshNext = false;
    Call call = http.newCall(request);
    if (closing) {
      call.timeout().timeout(FINAL_ACK_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } else {
      inFlight = call;
      if (closing) {
        call.cancel(); // close() came meanwhile and may not have seen this call
      }
    }
    try (Response response = call.execute()) {
      int code = response.code();
      if (response.isSuccessful()) {
        lastAcked = id;
        failures = 0;
      } else if (code == 401 || code == 403) {
        refreshNext = true; // an expired token: the next try asks the provider for a fresh one
        reportOnce("http " + code, new dev.ssekit.client.SseConnectionException("an ack to " + Credentials.redact(url)
            + " was refused (HTTP " + code + "); retrying with a fresh token", code, null));
        retryLater();
      } else if (code == 404) {
        disabled = true;
        LOG.info("the server has no ack endpoint at " + Credentials.redact(url) + "; acks are off");
      } else if (code == 400) {
        rejected = id; // the hub does not know this id; a newer one will follow
      } else {
        reportOnce("http " + code, new dev.ssekit.client.SseConnectionException("an ack to " + Credentials.redact(url)
            + " failed (HTTP " + code + "); retrying with backoff", code, null));
        retryLater();
      }
    } catch (IOException e) {
      if (closing) {
        return; // cancelled by close(), or the final ack's deadline passed: nothing is retried after close
      }
      reportOnce("network", new dev.ssekit.client.SseConnectionException("an ack to " + Credentials.redact(url)
          + " failed: " + e.getClass().getName() + "; retrying with backoff", 0, e));
      retryLater();
    }
  }

  /** Tells the app of a failure the first time one of its kind happens. Ack thread. */
  private void reportOnce(String kind, RuntimeException error) {
    if (reported.add(kind)) {
      context.failed(error);
    }
  }

  private void retryLater() {
    if (closing) {
      return; // the final ack, queued by close(), carries the newest id
    }
    failures++;
    long delay = Math.min(30_000, 500L << Math.min(6, failures - 1));
    if (!thread.isShutdown() && retrySet.compareAndSet(false, true)) {
      submit(delay, retrySet);
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
