package dev.ssekit.client;

/**
 * Where the client's connection stands: {@code CONNECTING}, {@code OPEN}, {@code RECONNECTING} (with the
 * attempt number and the delay before it) or {@code CLOSED} (with the reason, and the error if any).
 * Immutable.
 */
public final class ConnectionState {

  /** The state's kind. */
  public enum Kind { CONNECTING, OPEN, RECONNECTING, CLOSED }

  private static final ConnectionState CONNECTING = new ConnectionState(Kind.CONNECTING, 0, 0, null, null);
  private static final ConnectionState OPEN = new ConnectionState(Kind.OPEN, 0, 0, null, null);

  private final Kind kind;
  private final int attempt;
  private final long delayMillis;
  private final CloseReason closeReason;
  private final SseException error;

  private ConnectionState(Kind kind, int attempt, long delayMillis, CloseReason closeReason, SseException error) {
    this.kind = kind;
    this.attempt = attempt;
    this.delayMillis = delayMillis;
    this.closeReason = closeReason;
    this.error = error;
  }

  /** The first connect is under way. */
  public static ConnectionState connecting() {
    return CONNECTING;
  }

  /** A stream is open and being read. */
  public static ConnectionState open() {
    return OPEN;
  }

  /** Waiting {@code delayMillis} before reconnect attempt {@code attempt}. */
  public static ConnectionState reconnecting(int attempt, long delayMillis) {
    return new ConnectionState(Kind.RECONNECTING, attempt, delayMillis, null, null);
  }

  /** Stopped for good, for {@code reason}; {@code error} is what ended it, or null. */
  public static ConnectionState closed(CloseReason reason, SseException error) {
    return new ConnectionState(Kind.CLOSED, 0, 0, reason, error);
  }

  /** Which state this is. */
  public Kind kind() {
    return kind;
  }

  /** Whether a stream is open and being read. */
  public boolean isOpen() {
    return kind == Kind.OPEN;
  }

  /** Whether the client has stopped for good. */
  public boolean isClosed() {
    return kind == Kind.CLOSED;
  }

  /** For {@code RECONNECTING}: the attempt about to be made, counting from 1. */
  public int attempt() {
    return attempt;
  }

  /** For {@code RECONNECTING}: milliseconds until the attempt. */
  public long delayMillis() {
    return delayMillis;
  }

  /** For {@code CLOSED}: why. */
  public CloseReason closeReason() {
    return closeReason;
  }

  /** For {@code CLOSED}: the error that ended the client, or {@code null} (closed by the caller or server). */
  public SseException error() {
    return error;
  }

  @Override
  public String toString() {
    switch (kind) {
      case RECONNECTING:
        return "RECONNECTING(attempt " + attempt + " in " + delayMillis + " ms)";
      case CLOSED:
        return "CLOSED(" + closeReason + (error == null ? "" : ": " + error.getMessage()) + ")";
      default:
        return kind.name();
    }
  }
}
