package dev.ssekit.client.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ssekit.client.CloseReason;
import dev.ssekit.client.ConnectionState;
import dev.ssekit.client.SseConnectionException;
import dev.ssekit.client.SseEvent;
import dev.ssekit.client.SseException;
import dev.ssekit.client.SseHttpException;
import dev.ssekit.client.SseProtocolException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The reconnect state machine. Each attempt runs on the client's reader thread (a synchronous call, so no
 * OkHttp dispatcher slot is held for the stream's life): connect, check the answer, read until the stream
 * ends, then decide — retry after a delay, retry at once with a fresh token, or stop. The next attempt is
 * scheduled on the same cancellable executor. Parsed events go to {@link Delivery}.
 *
 * <p>The loop is total: whatever an attempt throws ends in a callback. A {@link RuntimeException} is
 * reported through {@code onError} and retried like a dropped connection; an {@link Error}, or an executor
 * that rejects callbacks, closes the client with {@link CloseReason#FAILED} and the cause.
 */
final class ConnectionLoop implements EventStreamParser.Handler {

  /** What the loop needs from the client that owns it. */
  interface Owner {
    String clientId();

    /** The hub assigned a client id; may throw if the store fails. */
    void adoptClientId(String clientId);

    void stateChanged(ConnectionState state);

    /** The loop stopped for good (not by close()). Never throws. */
    void stopped(ConnectionState closed, SseException error);
  }


  private final OkHttpClient http;
  private final StreamRequest request;
  private final ObjectMapper mapper;
  private final int maxEventSize;
  private final long readTimeoutMillis;
  /** The app opted in: every connection sent with Last-Event-ID is a replay. */
  private final boolean everyResumeIsAReplay;
  /** Whether the live connection has dispatched an event yet. Reader thread only. */
  private boolean firstEventSeen;
  private final Delivery delivery;
  /** Owns the resume id. */
  private final ResumeTracker resume;
  private final Owner owner;
  private final ScheduledExecutorService reader;
  private final ReconnectTimer timer;
  /** Counts restart() calls. Written by any thread. */
  private final AtomicInteger restarts = new AtomicInteger();

  private volatile boolean closed;
  /** The thread running attempts, once one started. */
  private volatile Thread readerThread;
  /** The live call. Written by the reader thread, cancelled from any. */
  private volatile Call call;
  /** Reader thread only. */
  private Future<?> pending;
  private int handledRestarts;
  /** The last unsendable resume id reported. */
  private String reportedUnsendable;
  private boolean authRetried;
  private long openedAtNanos;
  private boolean deliveredEvent;
  /** Whether the live connection was sent without {@code Last-Event-ID}. Reader thread only. */
  private boolean sentNoId;

  ConnectionLoop(OkHttpClient http, long readTimeoutMillis, StreamRequest request, ObjectMapper mapper, int maxEventSize,
      boolean everyResumeIsAReplay, ReconnectTimer timer, Delivery delivery, ResumeTracker resume, Owner owner,
      ScheduledExecutorService reader) {
    this.http = http;
    this.readTimeoutMillis = readTimeoutMillis;
    this.everyResumeIsAReplay = everyResumeIsAReplay;
    this.maxEventSize = maxEventSize;
    this.request = request;
    this.mapper = mapper;
    this.timer = timer;
    this.delivery = delivery;
    this.resume = resume;
    this.owner = owner;
    this.reader = reader;
  }

  void start() {
    owner.stateChanged(ConnectionState.connecting());
    schedule(0, false);
  }

  /**
   * Stops at once: cancels a pending attempt and the live call, and interrupts the reader's own waits.
   * Non-blocking, any thread. The reader thread is not interrupted while it runs the app's callbacks (from
   * inside one, or from another thread meanwhile): the cancelled call ends its reading once they return.
   */
  void close() {
    closed = true;
    Call c = call;
    if (c != null) {
      c.cancel();
    }
    Thread thread = readerThread;
    if (Thread.currentThread() == thread || !delivery.interruptUnlessRunningCallbacks(thread, reader::shutdownNow)) {
      reader.shutdown(); // drops a scheduled attempt; the running one sees the cancelled call
    }
  }

  /**
   * Drops the live connection (or skips the wait before the next attempt) and connects again at once, with
   * the same resume id. Any thread; does nothing once closed.
   */
  void restart() {
    if (closed) {
      return;
    }
    restarts.incrementAndGet();
    Call c = call;
    if (c != null) {
      c.cancel(); // the attempt ends and decide() sees the restart
    }
    try {
      reader.execute(() -> {
        try {
          restartWhileWaiting();
        } catch (Throwable t) {
          fail(t);
        }
      });
    } catch (RejectedExecutionException e) {
      // closed meanwhile
    }
  }

  /** On the reader thread: a restart that came while waiting to reconnect cuts the wait short. */
  private void restartWhileWaiting() {
    if (closed || handledRestarts == restarts.get()) {
      return; // already handled by the attempt it interrupted
    }
    Future<?> p = pending;
    if (p != null && p.cancel(false)) {
      handledRestarts = restarts.get();
      reconnectNow();
    }
  }

  private void reconnectNow() {
    timer.reset();
    owner.stateChanged(ConnectionState.reconnecting(1, 0));
    schedule(0, false);
  }

  private void schedule(long delayMillis, final boolean freshToken) {
    try {
      pending = reader.schedule(() -> attempt(freshToken), delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closed meanwhile
    }
  }

  /** One attempt, start to end. Nothing escapes: see the class comment. */
  private void attempt(boolean freshToken) {
    readerThread = Thread.currentThread();
    if (closed) {
      return;
    }
    Outcome outcome;
    try {
      outcome = connectAndRead(freshToken);
    } catch (RejectedExecutionException e) {
      fail(e);
      return;
    } catch (RuntimeException e) {
      outcome = Outcome.retry(unexpected(e), 0);
    } catch (Error e) {
      fail(e);
      return;
    } finally {
      call = null;
    }
    try {
      delivery.flush();
      delivery.awaitHandled(); // resume from what the app processed, not from what is still queued
      if (!closed) {
        decide(outcome);
      }
    } catch (InterruptedException e) {
      // closed
    } catch (Throwable t) {
      fail(t);
    }
  }

  private static SseException unexpected(Throwable t) {
    return new SseException("unexpected " + t.getClass().getName() + " on the reader thread", t);
  }

  private void fail(Throwable t) {
    if (closed) {
      return;
    }
    stop(CloseReason.FAILED, t instanceof SseException ? (SseException) t : unexpected(t));
  }

  private void decide(Outcome outcome) {
    if (handledRestarts != restarts.get()) {
      handledRestarts = restarts.get(); // the app asked for it: no error, no backoff
      authRetried = false;
      reconnectNow();
      return;
    }
    switch (outcome.kind) {
      case STOP:
        stop(outcome.reason, outcome.error);
        return;
      case REAUTH:
        schedule(0, true);
        return;
      default:
        break;
    }
    SseException error = outcome.error;
    delivery.error(error);
    // A connection worked if it delivered an event or stayed open a step; the step, not the server's retry time,
    // so a server that sends "retry: 0" and hangs up at once still fails and backs off.
    boolean worked = deliveredEvent
        || openedAtNanos != 0 && System.nanoTime() - openedAtNanos >= TimeUnit.MILLISECONDS.toNanos(timer.stepMillis());
    openedAtNanos = 0;
    deliveredEvent = false;
    long delay = timer.next(worked, outcome.retryAfterMillis);
    if (delay < 0) {
      stop(CloseReason.RETRIES_EXHAUSTED, error);
      return;
    }
    owner.stateChanged(ConnectionState.reconnecting(timer.attempt(), delay));
    schedule(delay, outcome.freshToken);
  }

  private void stop(CloseReason reason, SseException error) {
    reader.shutdown();
    owner.stopped(ConnectionState.closed(reason, error), error);
  }

  private Outcome connectAndRead(boolean freshToken) {
    String lastEventId = resume.processedId(); // the last event the app processed, after awaitHandled
    if (lastEventId != null && !lastEventId.isEmpty() && !StreamRequest.isSendableId(lastEventId)
        && !lastEventId.equals(reportedUnsendable)) {
      reportedUnsendable = lastEventId; // once per id: every reconnect from it goes without Last-Event-ID
      delivery.error(new SseProtocolException("the last event id cannot go back as Last-Event-ID (it is longer "
          + "than " + StreamRequest.MAX_ID_BYTES + " bytes in UTF-8 or has CR, LF or NUL): connecting without it, "
          + "so the server may not resume where the app left off"));
    }
    int restartsBefore = restarts.get();
    Call c;
    try {
      c = http.newCall(request.build(lastEventId, owner.clientId(), freshToken));
    } catch (SseConnectionException e) {
      // the token provider failed: a failed refresh is asked again after the backoff, not taken as final
      return freshToken ? Outcome.retryRefresh(e) : Outcome.retry(e, 0);
    }
    call = c;
    if (closed || restartsBefore != restarts.get()) {
      c.cancel();
    }
    Response response;
    try {
      response = c.execute();
    } catch (IOException e) {
      return Outcome.retry(new SseConnectionException(
          "cannot connect to " + Credentials.redact(request.url()) + ": " + e, 0, e), 0);
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
      String type = response.header("Content-Type");
      if (!isEventStream(type)) {
        return Outcome.stop(CloseReason.WRONG_CONTENT_TYPE,
            new SseException("expected text/event-stream, got " + (type == null ? "no Content-Type" : type)));
      }
      return read(response, lastEventId);
    }
    if (code == 204) {
      return Outcome.stop(CloseReason.CLOSED_BY_SERVER, null);
    }
    if (code == 401 || code == 403) {
      SseHttpException error = HttpErrors.of(response, mapper);
      if (!authRetried) {
        authRetried = true; // one fresh token per attempt: an expired token gets 401 from some servers, 403 from ours
        return Outcome.reauth(error);
      }
      return Outcome.stop(CloseReason.AUTH_FAILED, error);
    }
    if (code == 429 || code >= 500) {
      SseHttpException error = HttpErrors.of(response, mapper);
      return Outcome.retry(new SseConnectionException(error.getMessage(), code, error), HttpErrors.retryAfterMillis(response));
    }
    return Outcome.stop(CloseReason.HTTP_ERROR, HttpErrors.of(response, mapper));
  }

  /**
   * Whether a Content-Type is {@code text/event-stream} as an RFC 9110 media type: type and subtype in any
   * case, optional whitespace around them, any parameters after a {@code ;}.
   */
  static boolean isEventStream(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String essence = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    return essence.equalsIgnoreCase("text/event-stream");
  }

  private Outcome read(Response response, String lastEventId) {
    authRetried = false;
    deliveredEvent = false;
    sentNoId = lastEventId == null || lastEventId.isEmpty();
    openedAtNanos = System.nanoTime();
    owner.stateChanged(ConnectionState.open());
    delivery.open(response.newBuilder().body(ResponseBody.create(new byte[0], response.body().contentType())).build());
    firstEventSeen = false;
    try {
      if (everyResumeIsAReplay && !sentNoId) {
        delivery.replayStarts();
      }
      EventStreamParser parser = new EventStreamParser(response.body().source(), this, lastEventId, true, maxEventSize);
      parser.watchLines(readTimeoutMillis, TimeUnit.MILLISECONDS); // bytes that never make a line are silence
      parser.readAll();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.retry(new SseConnectionException("closed", 0, null), 0);
    } catch (IOException e) {
      return Outcome.retry(new SseConnectionException("the stream broke: " + e, 0, e), 0);
    }
    return Outcome.retry(new SseConnectionException("the server ended the stream", 0, null), 0);
  }

  // ---- parser callbacks, on the reader thread ----

  @Override
  public void onEvent(String lastEventId, boolean idInBlock, String type, String data) throws IOException {
    deliveredEvent = true;
    boolean first = !firstEventSeen;
    firstEventSeen = true;
    try {
      if (first && type.equals("connected") && connected(data) && !sentNoId && !everyResumeIsAReplay) {
        // our hub's first event on a connection sent with Last-Event-ID: it replays from that id
        // (docs/PROTOCOL.md, clause 13), so a repeat of a processed id at its start is a duplicate
        delivery.replayStarts();
      }
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
  public void onComment(String comment) throws IOException {
    try {
      delivery.comment(comment);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("closed");
    }
  }

  @Override
  public void onEventTooLarge(int limit) throws IOException {
    try {
      delivery.report(new SseProtocolException("an event larger than maxEventSize (" + limit
          + " bytes) was skipped up to its blank line; the stream goes on"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("closed");
    }
  }

  @Override
  public void onRetry(long millis) {
    timer.serverDelay(millis);
  }

  @Override
  public void onWaiting() {
    delivery.flush(); // hand over what was read before blocking on the network
  }

  /**
   * The first event is a {@code connected} one: if it is our hub's handshake, adopts its client id (if we have
   * none) and, on a connect sent without {@code Last-Event-ID}, its join position.
   *
   * @return whether it was our hub's
   */
  private boolean connected(String data) throws InterruptedException {
    HubHandshake handshake = HubHandshake.read(mapper, data);
    if (handshake == null) {
      return false;
    }
    if (owner.clientId() == null) {
      try {
        owner.adoptClientId(handshake.clientId);
      } catch (RuntimeException e) {
        delivery.error(new SseException("the LastEventIdStore failed to save the client id: "
            + e.getClass().getName(), e));
      }
    }
    if (handshake.joinPosition != null && sentNoId) {
      delivery.joined(handshake.joinPosition);
    }
    return true;
  }
}
