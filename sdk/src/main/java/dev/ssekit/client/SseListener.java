package dev.ssekit.client;

import okhttp3.Response;

/**
 * What an {@link SseClient} tells the app. Only {@link #onEvent} must be written, so a lambda is a listener:
 * {@code .listener(event -> show(event.data()))}; every other method does nothing by default.
 *
 * <p><b>Threads.</b> Callbacks run one at a time and in stream order, on the client's callback executor if
 * it has one (on Android, pass one backed by the main thread's {@code Handler}). By default they run on the
 * client's reader thread, as it reads; the few that the app's own calls or an ack cause while no other callback
 * runs ({@code CONNECTING} from {@code start()}, {@code CLOSED} from {@code close()}, an ack's
 * {@link #onError}) run on the thread that made that call. {@code close()} from a callback is safe, and never
 * interrupts a callback that is running.
 *
 * <p><b>Processed.</b> An event is processed when every callback the SDK makes for it — {@link #onEvent} (or
 * {@link #onHeartbeat} / {@link #onGap}), and each typed handler subscribed to its type, decoding included —
 * returned normally. A callback that throws is reported to {@link #onError} and called again with the same
 * event, up to {@link SseConfig#maxDeliveryAttempts()} times; an event that still fails is given up through
 * {@link #onPoisonEvent}. Only processed or given-up events move the resume id ({@code Last-Event-ID}), reach
 * the {@link LastEventIdStore} and are acknowledged, in stream order.
 */
public interface SseListener {

  /** An event, of any type but {@code heartbeat}. The {@code gap} type also arrives through {@link #onGap}. */
  void onEvent(SseEvent event);

  /** A connection opened (on every reconnect too). The body is not readable here; headers are. */
  default void onOpen(Response response) {}

  /** A comment line, without its leading colon. */
  default void onComment(String comment) {}

  /** A hub heartbeat. Not delivered to {@link #onEvent} unless {@link SseConfig#heartbeatsAsEvents()}. */
  default void onHeartbeat(SseEvent heartbeat) {}

  /** The hub could not resume where the client left off: events may be missing. */
  default void onGap(Gap gap) {}

  /**
   * An event dropped as a replay of one the app already processed, instead of {@link #onEvent}. Only a
   * connection that declares a replay drops anything, and only its first events whose ids were processed: our
   * hub's {@code connected} event at the start of a connection sent with {@code Last-Event-ID} declares one,
   * and with {@link SseSettings#dropReplayedDuplicates(boolean)} every such connection is taken for one.
   * An id repeated within a connection, or by a server whose counter restarted, is never dropped, unless the
   * opt-in takes that server's first events for a replay (it cannot tell them apart). Also
   * counted in {@link SseClient#duplicatesDropped()}.
   */
  default void onReplayedDuplicate(SseEvent event) {}

  /** The connection state changed. {@code CLOSED} is the last callback a client makes. */
  default void onStateChange(ConnectionState state) {}

  /**
   * An event the app could not process: a callback for it still threw after
   * {@link SseConfig#maxDeliveryAttempts()} attempts, or its data could not be decoded for a typed handler.
   * Called once per such event, after each failure went to {@link #onError}; the SDK then gives the event up
   * (the resume id moves past it and it is acknowledged), so one poison event never wedges a stream.
   *
   * @param event the event given up
   * @param lastError the last failure, whose cause is what the callback threw
   */
  default void onPoisonEvent(SseEvent event, SseException lastError) {}

  /**
   * An error: a failed connection that will be retried ({@link SseConnectionException}), a callback or decode
   * failure ({@link SseCallbackException}), or the error that closes the client (then followed by
   * {@code CLOSED}). An {@code onError} that throws is ignored.
   */
  default void onError(SseException error) {}
}
