package dev.ssekit.server;

import dev.ssekit.server.internal.DefaultHub;
import dev.ssekit.server.internal.StreamFault;
import java.time.Duration;

/**
 * Fault injection from Java (PROTOCOL.md clause 20), the same faults as {@code POST /v1/admin/faults} without
 * an admin token: get it from {@link SseTestServer#faults()}. Each stream fault applies to the streams open
 * when it is called (all of them, or one client's) and returns how many it reached. Thread-safe.
 */
public final class Faults {

  private final DefaultHub hub;

  Faults(DefaultHub hub) {
    this.hub = hub;
  }

  /** Ends every open stream cleanly; returns how many. */
  public int disconnect() {
    return hub.injectFault(null, new StreamFault(StreamFault.Kind.DISCONNECT, 0));
  }

  /** Ends this client's stream cleanly; returns 1, or 0 if it has none open. */
  public int disconnect(String clientId) {
    return hub.injectFault(requireId(clientId), new StreamFault(StreamFault.Kind.DISCONNECT, 0));
  }

  /** Each open stream writes the first half of the next event it may see, then ends; returns how many. */
  public int cut() {
    return hub.injectFault(null, new StreamFault(StreamFault.Kind.CUT, 0));
  }

  /** {@link #cut()} for one client's stream; returns 1, or 0 if it has none open. */
  public int cut(String clientId) {
    return hub.injectFault(requireId(clientId), new StreamFault(StreamFault.Kind.CUT, 0));
  }

  /** Each open stream writes nothing, not even heartbeats, for this long; returns how many. */
  public int stall(Duration duration) {
    return hub.injectFault(null, new StreamFault(StreamFault.Kind.STALL, millis("duration", duration)));
  }

  /** {@link #stall(Duration)} for one client's stream; returns 1, or 0 if it has none open. */
  public int stall(String clientId, Duration duration) {
    return hub.injectFault(requireId(clientId), new StreamFault(StreamFault.Kind.STALL, millis("duration", duration)));
  }

  /** Each open stream sends a block with only {@code retry: N}; returns how many. */
  public int retry(Duration hint) {
    return hub.injectFault(null, new StreamFault(StreamFault.Kind.RETRY, millis("hint", hint)));
  }

  /** {@link #retry(Duration)} for one client's stream; returns 1, or 0 if it has none open. */
  public int retry(String clientId, Duration hint) {
    return hub.injectFault(requireId(clientId), new StreamFault(StreamFault.Kind.RETRY, millis("hint", hint)));
  }

  /** The next {@code count} stream connects are answered {@code 503} {@code INJECTED_FAULT} (before auth). */
  public void reject(int count) {
    reject(count, 503, null);
  }

  /**
   * The next {@code count} stream connects are answered with {@code status} (400-599), code
   * {@code INJECTED_FAULT}, with {@code Retry-After} in whole seconds when {@code retryAfter} is not null.
   * A later call replaces a pending one.
   */
  public void reject(int count, int status, Duration retryAfter) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, was " + count);
    }
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status must be an HTTP error status (400-599), was " + status);
    }
    Long seconds = retryAfter == null ? null : millis("retryAfter", retryAfter) / 1000;
    hub.connectFaults().rejectNext(count, status, seconds);
  }

  private static String requireId(String clientId) {
    if (clientId == null || clientId.isEmpty()) {
      throw new IllegalArgumentException("clientId is required");
    }
    return clientId;
  }

  private static long millis(String name, Duration d) {
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be >= 0, was " + d);
    }
    return d.toMillis();
  }
}
