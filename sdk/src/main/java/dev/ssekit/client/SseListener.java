package dev.ssekit.client;

import okhttp3.Response;

/**
 * What an {@link SseClient} tells the app. Every method does nothing by default; override what you need.
 *
 * <p><b>Threads.</b> Every callback runs on the client's callback executor (by default one SDK thread per
 * client; on Android, pass an executor backed by the main thread's {@code Handler}), one at a time and in
 * stream order. A callback that throws is reported to {@link #onError} and never stops the stream.
 */
public abstract class SseListener {

  /** A connection opened (on every reconnect too). The body is not readable here; headers are. */
  public void onOpen(Response response) {}

  /** An event, of any type but {@code heartbeat}. The {@code gap} type also arrives through {@link #onGap}. */
  public void onEvent(SseEvent event) {}

  /** A comment line, without its leading colon. */
  public void onComment(String comment) {}

  /** A hub heartbeat. Not delivered to {@link #onEvent}. */
  public void onHeartbeat(SseEvent heartbeat) {}

  /** The hub could not resume where the client left off: events may be missing. */
  public void onGap(Gap gap) {}

  /** The connection state changed. {@code CLOSED} is the last callback a client makes. */
  public void onStateChange(ConnectionState state) {}

  /**
   * An event the app could not process: a callback for it still threw after
   * {@link SseConfig#maxDeliveryAttempts()} attempts, or its data could not be decoded for a typed handler.
   * Called once per such event, after each failure went to {@link #onError}; the SDK then gives the event up
   * (the resume id moves past it and it is acknowledged), so one poison event never wedges a stream.
   *
   * @param event the event given up
   * @param lastError the last failure, whose cause is what the callback threw
   */
  public void onPoisonEvent(SseEvent event, SseException lastError) {}

  /**
   * An error: a failed connection that will be retried ({@link SseConnectionException}), a callback or decode
   * failure ({@link SseCallbackException}), or the error that closes the client (then followed by
   * {@code CLOSED}).
   */
  public void onError(SseException error) {}
}
