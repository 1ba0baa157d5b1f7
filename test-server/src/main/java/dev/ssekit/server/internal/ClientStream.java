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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open stream. Its connection thread runs {@link #run}: the connected event, the gap notice, the replay
 * snapshot, then live frames from the {@link Journal} with heartbeats in between. Other threads only
 * {@link #wake} it, {@link #close} it, or, when a write is really stuck, {@link #dropIfStuck drop} it.
 *
 * <p>A stream that ends normally finishes its HTTP body, so the server takes the connection back; one whose
 * connection broke (a failed or interrupted write) throws from {@link #run}, so the server drops the
 * connection and forgets it. Either way the JDK server keeps nothing of it.
 */
public final class ClientStream {

  private static final Logger LOG = LoggerFactory.getLogger(ClientStream.class);

  /** Why a stream ended; the first reason set wins. */
  enum CloseReason {
    CLIENT_GONE, REPLACED, SLOW_CONSUMER, FAULT, HUB_STOPPED
  }

  private final StreamContext context;
  private final String clientId;
  /** The principal the stream is counted for (clause 24). */
  private final String principal;
  private final DefaultDeliveryTracker tracker;
  private final Instant connectedSince;
  /** The join position its connected event carries (clause 8), or null for a resuming connect. */
  private final String joinedAt;
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

  ClientStream(StreamContext context, String clientId, String principal, DefaultDeliveryTracker tracker,
      Instant connectedSince, String joinedAt, long cursor, List<BufferedMessage> replay, Map<String, Object> gap) {
    this.context = context;
    this.clientId = clientId;
    this.principal = principal;
    this.tracker = tracker;
    this.connectedSince = connectedSince;
    this.joinedAt = joinedAt;
    this.cursor = cursor;
    this.replay = replay;
    this.gap = gap;
  }

  public String clientId() {
    return clientId;
  }

  String principal() {
    return principal;
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

  /**
   * Queues a fault for the stream thread and wakes it; a disconnect closes the stream at once, so it stops
   * counting as connected before this returns.
   */
  void inject(StreamFault fault) {
    if (fault.kind() == StreamFault.Kind.DISCONNECT) {
      close(CloseReason.FAULT);
      return;
    }
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
   * Asks the stream to end; its thread finishes the response at its next step. Never interrupts: a write
   * that is stuck is dropped by {@link #dropIfStuck} instead.
   *
   * @return whether this call set the reason (false if the stream was already closing)
   */
  boolean close(CloseReason reason) {
    synchronized (this) {
      if (closeReason != null) {
        return false;
      }
      closeReason = reason;
    }
    wake();
    return true;
  }

  /**
   * Drops the connection if the stream thread has been inside one write for at least {@code stuckNanos}:
   * the interrupt closes the socket under the blocked write. A stream between writes is left alone.
   *
   * @return whether the stream was dropped
   */
  synchronized boolean dropIfStuck(long stuckNanos, long nowNanos) {
    long started = writeStartedNanos;
    if (detached || writer == null || started == 0 || nowNanos - started < stuckNanos) {
      return false;
    }
    if (closeReason == null) {
      closeReason = CloseReason.SLOW_CONSUMER;
    }
    writer.interrupt();
    return true;
  }

  private synchronized CloseReason closeReason() {
    return closeReason;
  }

  /**
   * Runs the stream on the calling (connection) thread until it ends.
   *
   * @throws IOException when the connection broke; the server must then drop it
   */
  public void run(StreamSink sink) throws IOException {
    synchronized (this) {
      writer = Thread.currentThread();
    }
    IOException broken = null;
    try {
      pump(sink);
    } catch (IOException e) {
      close(CloseReason.CLIENT_GONE);
      broken = e;
    } catch (RuntimeException | Error e) {
      // A bug, not the client: say so once, and still end the stream as if its connection broke.
      LOG.error("stream of client {} failed", clientId.length() > 64 ? clientId.substring(0, 64) + "…" : clientId, e);
      close(CloseReason.FAULT);
      broken = new IOException("stream failed", e);
    } finally {
      context.events.leaving(this); // first, so the count is exact by the time the client sees the end
    }
    try {
      if (broken == null) {
        Thread.interrupted(); // an interrupt that missed its write must not break a graceful end
        writeStartedNanos = System.nanoTime();
        sink.finish();
      }
    } catch (IOException e) {
      broken = e;
    } finally {
      writeStartedNanos = 0;
      synchronized (this) {
        detached = true;
      }
      Thread.interrupted(); // never leak an interrupt into a pooled connection thread
      context.events.ended(this);
    }
    if (broken != null) {
      throw broken;
    }
  }

  private void pump(StreamSink sink) throws IOException {
    SseFrames frames = context.frames;
    write(sink, frames.connected(clientId, joinedAt)); // encoded here, not under the publish lock
    if (gap != null) {
      write(sink, frames.control("gap", gap, null));
    }
    for (BufferedMessage m : replay) {
      write(sink, replayFrame(m));
      tracker.sent(m.id());
    }
    replay = null;
    flush(sink);

    Journal journal = context.journal;
    long heartbeatNanos = context.heartbeatNanos;
    long nextHeartbeat = System.nanoTime() + heartbeatNanos;
    boolean dirty = false;
    while (true) {
      if (closeReason() != null) {
        if (dirty) {
          flush(sink);
        }
        return;
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
          context.events.fellBehind(this);
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
        write(sink, frames.heartbeat());
        flush(sink);
        nextHeartbeat = now + heartbeatNanos;
        continue;
      }
      LockSupport.parkNanos(this, nextHeartbeat - now);
      if (Thread.currentThread().isInterrupted() && closeReason() == null) {
        close(CloseReason.HUB_STOPPED); // only our own executor's shutdown interrupts a parked stream
      }
    }
  }

  /**
   * A buffered message's frame: the journal's copy while the journal still holds that very message (encoded
   * once, when it was published), else encoded anew; the two are the same bytes. A buffer other than the
   * hub's own returns other instances, and so gets frames encoded anew.
   */
  private byte[] replayFrame(BufferedMessage m) {
    long seq = context.seqOf.applyAsLong(m.id());
    Journal.Entry entry = seq > 0 ? context.journal.get(seq) : null;
    return entry != null && entry.message() == m ? entry.frame() : context.frames.frameOf(m);
  }

  /** Applies a fault; returns true when the stream must end. */
  private boolean apply(StreamFault fault, StreamSink sink, Journal journal) throws IOException {
    switch (fault.kind()) {
      case DISCONNECT:
        return true;
      case RETRY:
        write(sink, context.frames.retryOnly(fault.millis()));
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
        LockSupport.parkNanos(this, context.heartbeatNanos);
        continue;
      }
      Journal.Entry entry = journal.get(next);
      if (entry == null) {
        return true;
      }
      cursor = next;
      if (entry.isVisibleTo(clientId)) {
        byte[] frame = entry.frame();
        writeStartedNanos = System.nanoTime();
        sink.write(frame, 0, frame.length / 2);
        writeStartedNanos = 0;
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
    context.events.leaving(this);
    synchronized (this) {
      detached = true;
    }
    context.events.ended(this);
  }

  /** Whether a close has been requested for this stream. */
  boolean isClosing() {
    return closeReason() != null;
  }
}
