package dev.ssekit.android;

import dev.ssekit.client.ConnectionState;

/**
 * Where an {@link AndroidSseStream} stands. While it wants a connection, the state of its connection:
 * {@code CONNECTING}, {@code OPEN} or {@code RECONNECTING} (the SDK's backoff). While it holds none on purpose,
 * why: {@code WAITING_FOR_NETWORK} (no validated default network), {@code DEVICE_IDLE} (the device is in Doze)
 * or {@code PAUSED_IN_BACKGROUND} (the app's grace period in the background ran out). {@code CLOSED} is final:
 * the app closed the stream, or its connection ended for good (a refused token, say). Immutable.
 */
public final class StreamState {

  /** The state's kind. */
  public enum Kind {
    /** Built; {@link AndroidSseStream#start()} was not called yet. */
    NEW,
    /** Connecting; no stream is open yet. */
    CONNECTING,
    /** A stream is open and being read. */
    OPEN,
    /** The connection failed; the SDK waits before trying again ({@link ConnectionState#delayMillis()}). */
    RECONNECTING,
    /** No validated default network: no connection and no attempts until one is there. */
    WAITING_FOR_NETWORK,
    /** The device is in Doze: no connection and no attempts until it leaves it. */
    DEVICE_IDLE,
    /** The app has been in the background longer than the grace period: no connection until it returns. */
    PAUSED_IN_BACKGROUND,
    /** Stopped for good. */
    CLOSED
  }

  private final Kind kind;
  private final ConnectionState connection;

  StreamState(Kind kind, ConnectionState connection) {
    this.kind = kind;
    this.connection = connection;
  }

  static StreamState of(ConnectionState connection) {
    switch (connection.kind()) {
      case OPEN:
        return new StreamState(Kind.OPEN, connection);
      case RECONNECTING:
        return new StreamState(Kind.RECONNECTING, connection);
      case CLOSED:
        return new StreamState(Kind.CLOSED, connection);
      default:
        return new StreamState(Kind.CONNECTING, connection);
    }
  }

  /** Which state this is. */
  public Kind kind() {
    return kind;
  }

  /**
   * The connection's state behind {@code CONNECTING}, {@code OPEN}, {@code RECONNECTING} and {@code CLOSED}
   * (for {@code RECONNECTING}, the attempt and delay; for {@code CLOSED}, the reason and the error the stream
   * ended with); {@code null} for the states without a connection.
   */
  public ConnectionState connection() {
    return connection;
  }

  /** Whether a stream is open and being read. */
  public boolean isOpen() {
    return kind == Kind.OPEN;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof StreamState)) {
      return false;
    }
    StreamState other = (StreamState) o;
    return kind == other.kind && String.valueOf(connection).equals(String.valueOf(other.connection));
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + String.valueOf(connection).hashCode();
  }

  @Override
  public String toString() {
    return connection == null || kind == Kind.CONNECTING || kind == Kind.OPEN ? kind.name()
        : kind.name() + "(" + connection + ")";
  }
}
