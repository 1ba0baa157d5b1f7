package dev.ssekit.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ssekit.client.CloseReason;
import dev.ssekit.client.ConnectionState;
import dev.ssekit.client.ReconnectPolicy;
import dev.ssekit.client.SseConnectionException;
import dev.ssekit.client.SseEvent;
import dev.ssekit.client.SseException;
import dev.ssekit.client.SseHttpException;
import dev.ssekit.client.SseProtocolException;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The reconnect state machine. Each attempt runs on the client's reader thread (a synchronous call, so no
 * OkHttp dispatcher slot is held for the stream's life): connect, check the answer, read until the stream
 * ends, then decide — retry after a backoff, retry at once with a fresh token, or stop. The next attempt is
 * scheduled on the same cancellable executor. Parsed events go to {@link Delivery}.
 */
final class ConnectionLoop implements EventStreamParser.Handler {

  /** What the loop needs from the client that owns it. */
  interface Owner {
    String clientId();

    void adoptClientId(String clientId);

    void stateChanged(ConnectionState state);

    /** The loop stopped for good (not by close()). */
    void stopped(ConnectionState closed, SseException error);
  }

  private static final MediaType EVENT_STREAM = MediaType.parse("text/event-stream");

  private final OkHttpClient http;
  private final HttpUrl url;
  private final Map<String, String> headers;
  private final Credentials credentials;
  private final ObjectMapper mapper;
  private final Delivery delivery;
  private final Owner owner;
  private final ScheduledExecutorService reader;
  private final CappedJitterBackoff backoff;
  private final IntervalBiFunction<Object> intervals;
  private final Predicate<Throwable> retryable;
  private final int maxAttempts;
  private final long resetAfterNanos;

  private volatile boolean closed;
  private volatile Call call;
  private volatile Future<?> pending;
  /** Reader thread only. */
  private int attempt;
  private boolean authRetried;
  private long openedAtNanos;

  ConnectionLoop(OkHttpClient http, HttpUrl url, Map<String, String> headers, Credentials credentials,
      ObjectMapper mapper, ReconnectPolicy policy, Delivery delivery, Owner owner, ScheduledExecutorService reader) {
    this.http = http;
    this.url = url;
    this.headers = headers;
    this.credentials = credentials;
    this.mapper = mapper;
    this.delivery = delivery;
    this.owner = owner;
    this.reader = reader;
    this.backoff = new CappedJitterBackoff(policy, new Random());
    RetryConfig custom = policy.retryConfig();
    if (custom != null) {
      this.intervals = custom.getIntervalBiFunction();
      this.retryable = custom.getExceptionPredicate();
      this.maxAttempts = custom.getMaxAttempts();
    } else {
      this.intervals = backoff;
      this.retryable = null;
      this.maxAttempts = policy.maxAttempts();
    }
    this.resetAfterNanos = TimeUnit.MILLISECONDS.toNanos(policy.resetAfterMillis());
  }

  void start() {
    owner.stateChanged(ConnectionState.connecting());
    schedule(0, false);
  }

  /** Stops at once: cancels a pending attempt and the live call. Non-blocking, any thread. */
  void close() {
    closed = true;
    Future<?> p = pending;
    if (p != null) {
      p.cancel(false);
    }
    Call c = call;
    if (c != null) {
      c.cancel();
    }
    reader.shutdownNow();
  }

  private void schedule(long delayMillis, final boolean freshToken) {
    try {
      pending = reader.schedule(new Runnable() {
        @Override
        public void run() {
          attempt(freshToken);
        }
      }, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closed meanwhile
    }
  }

  private void attempt(boolean freshToken) {
    if (closed) {
      return;
    }
    Outcome outcome = connectAndRead(freshToken);
    call = null;
    delivery.flush();
    try {
      delivery.awaitHandled(); // resume from what the app processed, not from what is still queued
    } catch (InterruptedException e) {
      return; // closed
    }
    if (!closed) {
      decide(outcome);
    }
  }

  private void decide(Outcome outcome) {
    switch (outcome.kind) {
      case STOP:
        reader.shutdown();
        owner.stopped(ConnectionState.closed(outcome.reason, outcome.error), outcome.error);
        return;
      case REAUTH:
        schedule(0, true);
        return;
      default:
        break;
    }
    SseException error = outcome.error;
    delivery.error(error);
    Throwable cause = error.getCause() != null ? error.getCause() : error;
    if (retryable != null && !retryable.test(cause)) {
      stop(CloseReason.RETRIES_EXHAUSTED, error);
      return;
    }
    if (openedAtNanos != 0 && System.nanoTime() - openedAtNanos >= resetAfterNanos) {
      attempt = 0; // the last connection stayed up long enough: start the backoff over
    }
    openedAtNanos = 0;
    attempt++;
    if (maxAttempts > 0 && attempt > maxAttempts) {
      stop(CloseReason.RETRIES_EXHAUSTED, error);
      return;
    }
    Long interval = intervals.apply(attempt, Either.<Throwable, Object>left(cause));
    long delay = Math.max(interval == null ? 0 : interval, outcome.retryAfterMillis);
    owner.stateChanged(ConnectionState.reconnecting(attempt, delay));
    schedule(delay, false);
  }

  private void stop(CloseReason reason, SseException error) {
    reader.shutdown();
    owner.stopped(ConnectionState.closed(reason, error), error);
  }

  private Outcome connectAndRead(boolean freshToken) {
    Request.Builder request = new Request.Builder().get();
    for (Map.Entry<String, String> h : headers.entrySet()) {
      request.header(h.getKey(), h.getValue());
    }
    request.header("Accept", "text/event-stream").header("Cache-Control", "no-cache");
    String clientId = owner.clientId();
    if (clientId != null) {
      request.header("X-Client-ID", clientId);
    }
    String lastEventId = delivery.processedId();
    if (lastEventId != null && !lastEventId.isEmpty()) {
      request.header("Last-Event-ID", lastEventId);
    }
    try {
      credentials.apply(request, url, freshToken);
    } catch (SseConnectionException e) {
      return Outcome.retry(e, 0);
    }
    Call c = http.newCall(request.build());
    call = c;
    if (closed) {
      c.cancel();
    }
    Response response;
    try {
      response = c.execute();
    } catch (IOException e) {
      return Outcome.retry(new SseConnectionException("cannot connect to " + Credentials.redact(url) + ": " + e, 0, e), 0);
    }
    try {
      return answer(response, lastEventId);
    } finally {
      response.close();
    }
  }

  private Outcome answer(Response response, String lastEventId) {
    int code = response.code();
    if (code == 200) {
      MediaType type = response.body().contentType();
      if (type == null || !type.type().equals(EVENT_STREAM.type()) || !type.subtype().equals(EVENT_STREAM.subtype())) {
        return Outcome.stop(CloseReason.WRONG_CONTENT_TYPE,
            new SseProtocolException("expected text/event-stream, got " + type));
      }
      return read(response, lastEventId);
    }
    if (code == 204) {
      return Outcome.stop(CloseReason.CLOSED_BY_SERVER, null);
    }
    if (code == 401 || code == 403) {
      SseHttpException error = HttpErrors.of(response, mapper, true);
      if (code == 401 && !authRetried) {
        authRetried = true;
        return Outcome.reauth(error);
      }
      return Outcome.stop(CloseReason.AUTH_FAILED, error);
    }
    if (code == 429 || code >= 500) {
      SseHttpException error = HttpErrors.of(response, mapper, false);
      return Outcome.retry(new SseConnectionException(error.getMessage(), code, error), HttpErrors.retryAfterMillis(response));
    }
    return Outcome.stop(CloseReason.HTTP_ERROR, HttpErrors.of(response, mapper, false));
  }

  private Outcome read(Response response, String lastEventId) {
    authRetried = false;
    openedAtNanos = System.nanoTime();
    owner.stateChanged(ConnectionState.open());
    delivery.open(response.newBuilder().body(ResponseBody.create(new byte[0], response.body().contentType())).build());
    try {
      new EventStreamParser(response.body().source(), this, lastEventId, true).readAll();
    } catch (IOException e) {
      return Outcome.retry(new SseConnectionException("the stream broke: " + e, 0, e), 0);
    }
    return Outcome.retry(new SseConnectionException("the server ended the stream", 0, null), 0);
  }

  // ---- parser callbacks, on the reader thread ----

  @Override
  public void onEvent(String lastEventId, boolean idInBlock, String type, String data) throws IOException {
    if (type.equals("connected") && owner.clientId() == null) {
      adoptClientId(data);
    }
    try {
      delivery.event(new SseEvent(lastEventId.isEmpty() ? null : lastEventId, idInBlock, type, data));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("closed");
    }
  }

  @Override
  public void onIdOnly(String lastEventId) throws IOException {
    try {
      delivery.idOnly(lastEventId);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("closed");
    }
  }

  @Override
  public void onComment(String comment) {
    delivery.comment(comment);
  }

  @Override
  public void onRetry(long millis) {
    backoff.setHint(millis);
  }

  @Override
  public void onWaiting() {
    delivery.flush(); // hand over what was read before blocking on the network
  }

  private void adoptClientId(String data) {
    try {
      JsonNode json = mapper.readTree(data);
      JsonNode id = json == null ? null : json.get("client_id");
      if (id != null && id.isTextual() && !id.asText().isEmpty()) {
        owner.adoptClientId(id.asText());
      }
    } catch (IOException e) {
      // not the hub's connected event: nothing to adopt
    }
  }
}
