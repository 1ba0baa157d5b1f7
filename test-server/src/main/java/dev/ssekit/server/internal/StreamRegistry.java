package dev.ssekit.server.internal;

import java.time.Clock;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The hub's open streams: the connected one per client id (what the count and fan-out see) and every stream
 * whose thread has not finished yet, replaced ones included (what {@code stop()} waits for and what the
 * sweeper checks for stuck writes). Streams report their end here ({@link StreamContext.Events}).
 */
final class StreamRegistry implements StreamContext.Events {

  /** How long a closing stream may stay stuck in a write before its connection is dropped. */
  static final long CLOSING_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final ConcurrentHashMap<String, ClientStream> connected = new ConcurrentHashMap<>();
  /** Guarded by itself for wait/notify; the set is concurrent for iteration. */
  private final Set<ClientStream> running = ConcurrentHashMap.newKeySet();
  private final LongAdder slowConsumerDisconnects = new LongAdder();
  /** The monitor {@link #awaitOpen} waits on. */
  private final Object arrivals = new Object();
  private final Clock clock;
  /** Streams per principal (clause 24): taken by the opener before a stream exists, given back as it ends. */
  private final PrincipalQuota quota;

  StreamRegistry(Clock clock, int perPrincipal) {
    this.clock = clock;
    this.quota = new PrincipalQuota("streams", "TOO_MANY_STREAMS", perPrincipal, Integer.MAX_VALUE);
  }

  /**
   * Counts a stream about to open for this principal. One that replaces the principal's open stream for the
   * same client id (clause 7) is never refused: its predecessor is about to end.
   *
   * @throws HubLimitException if the principal holds as many streams as it may
   */
  void reserve(String principal, String clientId) {
    ClientStream current = connected.get(clientId);
    quota.acquire(principal, current != null && current.principal().equals(principal));
  }

  /** Gives back a {@link #reserve} whose stream never opened. */
  void unreserve(String principal) {
    quota.release(principal);
  }

  /** Registers a new stream; returns the one it replaces for the same client id, or null. */
  ClientStream register(ClientStream stream) {
    running.add(stream);
    return connected.put(stream.clientId(), stream);
  }

  @Override
  public void leaving(ClientStream stream) {
    stream.tracker().detach(clock.instant()); // the tracker's TTL starts as the stream leaves, by any path
    connected.remove(stream.clientId(), stream);
  }

  @Override
  public void ended(ClientStream stream) {
    synchronized (running) {
      if (running.remove(stream)) {
        quota.release(stream.principal());
      }
      running.notifyAll();
    }
  }

  /** Closes a slow consumer; it stops counting as connected at once, even while its last write is stuck. */
  @Override
  public void fellBehind(ClientStream stream) {
    if (stream.close(ClientStream.CloseReason.SLOW_CONSUMER)) {
      slowConsumerDisconnects.increment();
      connected.remove(stream.clientId(), stream);
    }
  }

  /** Wakes every stream after a publish; one that has fallen a whole queue behind is closed instead. */
  void wakeAll(Journal journal) {
    for (ClientStream stream : connected.values()) {
      if (journal.isOverrun(stream.cursor())) {
        fellBehind(stream);
      } else {
        stream.wake();
      }
    }
  }

  /**
   * Drops every stream whose thread has been inside one write for {@code stuckNanos} (its client reads
   * nothing) and counts it as a slow consumer; a stream already asked to close is dropped after
   * {@link #CLOSING_GRACE_NANOS} at most.
   */
  void dropStuck(long stuckNanos) {
    long now = System.nanoTime();
    for (ClientStream s : running) {
      boolean wasClosing = s.isClosing();
      long limit = wasClosing ? Math.min(stuckNanos, CLOSING_GRACE_NANOS) : stuckNanos;
      if (s.dropIfStuck(limit, now) && !wasClosing) {
        slowConsumerDisconnects.increment();
        connected.remove(s.clientId(), s);
      }
    }
  }

  long slowConsumerDisconnects() {
    return slowConsumerDisconnects.sum();
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

  /** Connected streams that are not closing (a stream asked to end no longer counts, even before it left). */
  int count() {
    int n = 0;
    for (ClientStream s : connected.values()) {
      if (!s.isClosing()) {
        n++;
      }
    }
    return n;
  }

  /** Wakes {@link #awaitOpen} callers: a stream was registered. */
  void arrived() {
    synchronized (arrivals) {
      arrivals.notifyAll();
    }
  }

  /** Waits up to {@code nanos} until a stream of this client id is connected and not closing. */
  boolean awaitOpen(String clientId, long nanos) throws InterruptedException {
    long deadline = System.nanoTime() + nanos;
    synchronized (arrivals) {
      while (true) {
        ClientStream s = connected.get(clientId);
        if (s != null && !s.isClosing()) {
          return true;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        // arrived() notifies under this monitor after each register, so no arrival is missed; the bound is a net.
        TimeUnit.NANOSECONDS.timedWait(arrivals, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
      }
    }
  }

  /** Asks every stream to end; if some have not ended within {@code graceMillis}, drops their connections. */
  void closeAll(long graceMillis) {
    for (ClientStream s : running) {
      s.close(ClientStream.CloseReason.HUB_STOPPED);
    }
    if (!awaitEnded(graceMillis)) {
      dropStuck(0);
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
