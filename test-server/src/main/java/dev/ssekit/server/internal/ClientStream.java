package dev.ssekit.server.internal;

import dev.ssekit.server.BufferedMessage;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One open stream. Its connection thread runs {@link #run}: the connected event, the gap notice, the replay
 * snapshot, then live frames from the {@link Journal} with heartbeats in between. Other threads only
 * {@link #wake} it or {@link #close} it.
 */
public final class ClientStream {

  /** Why a stream ended; the first reason set wins. */
  enum CloseReason {
    CLIENT_GONE(false), REPLACED(true), SLOW_CONSUMER(true), FAULT(false), HUB_STOPPED(false);

    final boolean abrupt;

    CloseReason(boolean abrupt) {
      this.abrupt = abrupt;
    }
  }

  private final DefaultHub hub;
  private final String clientId;
  private final DefaultDeliveryTracker tracker;
  private final Instant connectedSince;
  private final Queue<StreamFault> faults = new ConcurrentLinkedQueue<>();
  /** Set at connect under the publish lock, then only read by the stream thread. */
  private List<BufferedMessage> replay;
  private final Map<String, Object> gap;

  /** The seq of the last journal entry this stream took. Written by the stream thread only. */
  private volatile long cursor;
  /** The stream thread, once {@link #run} starts. */
  private volatile Thread writer;
  /** Guarded by this. */
  private CloseReason closeReason;
  /** Set when the stream thread has left {@link #run}; guarded by this. */
  private boolean detached;
  /** System.nanoTime() when the current write began, or 0 between writes. Written by the stream thread. */
  private volatile long writeStartedNanos;

  ClientStream(DefaultHub hub, String clientId, DefaultDeliveryTracker tracker, Instant connectedSince,
      long cursor, List<BufferedMessage> replay, Map<String, Object> gap) {
    this.hub = hub;
    this.clientId = clientId;
    this.tracker = tracker;
    this.connectedSince = connectedSince;
    this.cursor = cursor;
    this.replay = replay;
    this.gap = gap;
  }

  public String clientId() {
    return clientId;
  }

  Instant connectedSince() {
    return connectedSince;
  }

  DefaultDeliveryTracker tracker() {
    return tracker;
  }

  long cursor() {
    return cursor;
  }

  long writeStartedNanos() {
    return writeStartedNanos;
  }

  /** Queues a fault for the stream thread and wakes it. */
  void inject(StreamFault fault) {
    faults.add(fault);
    wake();
  }

  /** Tells the stream thread there may be something new to send. */
  void wake() {
    Thread t = writer;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  /**
   * Asks the stream to end. Abrupt reasons interrupt the stream thread, which closes the socket even if a
   * write is stuck on a client that reads nothing.
   *
   * @return whether this call set the reason (false if the stream was already closing)
   */
  boolean close(CloseReason reason) {
    synchronized (this) {
      if (closeReason != null) {
        return false;
      }
      closeReason = reason;
      if (reason.abrupt) {
        interruptWriter();
      }
    }
    wake();
    return true;
  }

  /** Escalates a close that did not finish: drops the connection. */
  synchronized void forceClose() {
    interruptWriter();
  }

  private void interruptWriter() {
    if (!detached && writer != null) {
      writer.interrupt();
    }
  }

  private synchronized CloseReason closeReason() {
    return closeReason;
  }

  /** Runs the stream on the calling (connection) thread until it ends. */
  public void run(StreamSink sink) {
    synchronized (this) {
      writer = Thread.currentThread();
      if (closeReason != null && closeReason.abrupt) {
        writer.interrupt();
      }
    }
    CloseReason reason = null;
    try {
      reason = pump(sink);
    } catch (IOException e) {
      close(CloseReason.CLIENT_GONE);
    } finally {
      hub.unregister(this); // first, so the count is exact by the time the client sees the end
      try {
        sink.close();
      } finally {
        hub.ended(this);
        synchronized (this) {
          detached = true;
        }
        Thread.interrupted(); // never leak an interrupt into a pooled connection thread
      }
    }
  }

  private CloseReason pump(StreamSink sink) throws IOException {
    SseFrames frames = hub.frames();
    write(sink, hub.connectedFrame(clientId));
    if (gap != null) {
      write(sink, frames.control("gap", gap, null));
    }
    for (BufferedMessage m : replay) {
      write(sink, hub.frameOf(m));
      tracker.sent(m.id());
    }
    replay = null;
    flush(sink);

    Journal journal = hub.journal();
    long heartbeatNanos = hub.heartbeatNanos();
    long nextHeartbeat = System.nanoTime() + heartbeatNanos;
    boolean dirty = false;
    while (true) {
      CloseReason reason = closeReason();
      if (reason != null) {
        return reason;
      }
      StreamFault fault = faults.poll();
      if (fault != null) {
        if (dirty) {
          flush(sink);
          dirty = false;
        }
        if (apply(fault, sink, journal)) {
          close(CloseReason.FAULT);
        }
        nextHeartbeat = Math.max(nextHeartbeat, System.nanoTime());
        continue;
      }
      long next = cursor + 1;
      if (next <= journal.head()) {
        Journal.Entry entry = journal.get(next);
        if (entry == null) {
          hub.slowConsumer(this);
          continue;
        }
        cursor = next;
        if (entry.isVisibleTo(clientId)) {
          write(sink, entry.frame());
          tracker.sent(entry.id());
          dirty = true;
        }
        continue;
      }
      if (dirty) {
        flush(sink);
        dirty = false;
      }
      long now = System.nanoTime();
      if (now - nextHeartbeat >= 0) {
        write(sink, hub.heartbeatFrame());
        flush(sink);
        nextHeartbeat = now + heartbeatNanos;
        continue;
      }
      LockSupport.parkNanos(this, nextHeartbeat - now);
      if (Thread.currentThread().isInterrupted() && closeReason() == null) {
        close(CloseReason.HUB_STOPPED);
      }
    }
  }

  /** Applies a fault; returns true when the stream must end. */
  private boolean apply(StreamFault fault, StreamSink sink, Journal journal) throws IOException {
    switch (fault.kind()) {
      case DISCONNECT:
        return true;
      case RETRY:
        write(sink, hub.frames().retryOnly(fault.millis()));
        flush(sink);
        return false;
      case STALL:
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(fault.millis());
        for (long left = until - System.nanoTime(); left > 0 && !isClosing(); left = until - System.nanoTime()) {
          LockSupport.parkNanos(this, left);
        }
        return false;
      case CUT:
        return cutNextEvent(sink, journal);
      default:
        throw new IllegalStateException("unknown fault " + fault.kind());
    }
  }

  /** Waits for the next event this client may see, writes half of it, and ends the stream. */
  private boolean cutNextEvent(StreamSink sink, Journal journal) throws IOException {
    while (closeReason() == null) {
      long next = cursor + 1;
      if (next > journal.head()) {
        LockSupport.parkNanos(this, hub.heartbeatNanos());
        continue;
      }
      Journal.Entry entry = journal.get(next);
      if (entry == null) {
        return true;
      }
      cursor = next;
      if (entry.isVisibleTo(clientId)) {
        byte[] frame = entry.frame();
        sink.write(frame, 0, frame.length / 2);
        flush(sink);
        return true;
      }
    }
    return true;
  }

  private void write(StreamSink sink, byte[] bytes) throws IOException {
    writeStartedNanos = System.nanoTime();
    sink.write(bytes, 0, bytes.length);
    writeStartedNanos = 0;
  }

  private void flush(StreamSink sink) throws IOException {
    writeStartedNanos = System.nanoTime();
    sink.flush();
    writeStartedNanos = 0;
  }

  /** Gives up a stream whose {@link #run} will never be called (its response could not start). */
  public void abandon() {
    hub.unregister(this);
    hub.ended(this);
  }

  /** Whether a close has been requested for this stream. */
  boolean isClosing() {
    return closeReason() != null;
  }
}
