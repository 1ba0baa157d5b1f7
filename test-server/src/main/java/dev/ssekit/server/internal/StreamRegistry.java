package dev.ssekit.server.internal;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The hub's open streams: the connected one per client id (what the count and fan-out see) and every stream
 * whose thread has not finished yet, replaced ones included (what {@code stop()} waits for).
 */
final class StreamRegistry {

  private final ConcurrentHashMap<String, ClientStream> connected = new ConcurrentHashMap<>();
  /** Guarded by itself for wait/notify; the set is concurrent for iteration. */
  private final Set<ClientStream> running = ConcurrentHashMap.newKeySet();

  /** Registers a new stream; returns the one it replaces for the same client id, or null. */
  ClientStream register(ClientStream stream) {
    running.add(stream);
    return connected.put(stream.clientId(), stream);
  }

  /** The stream no longer counts as connected (it is ending). */
  void unregister(ClientStream stream) {
    connected.remove(stream.clientId(), stream);
  }

  /** The stream's thread has finished. */
  void ended(ClientStream stream) {
    synchronized (running) {
      running.remove(stream);
      running.notifyAll();
    }
  }

  ClientStream get(String clientId) {
    return connected.get(clientId);
  }

  boolean isConnected(String clientId) {
    return connected.containsKey(clientId);
  }

  Collection<ClientStream> connected() {
    return connected.values();
  }

  int count() {
    return connected.size();
  }

  /** Asks every stream to end; if some have not ended within {@code graceMillis}, drops their connections. */
  void closeAll(long graceMillis) {
    for (ClientStream s : running) {
      s.close(ClientStream.CloseReason.HUB_STOPPED);
    }
    if (!awaitEnded(graceMillis)) {
      for (ClientStream s : running) {
        s.forceClose();
      }
      awaitEnded(graceMillis);
    }
  }

  private boolean awaitEnded(long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    synchronized (running) {
      while (!running.isEmpty()) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          return false;
        }
        try {
          running.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return true;
  }
}
