package dev.ssekit.client.internal;

import dev.ssekit.client.ConnectionState;
import dev.ssekit.client.SseCallbackException;
import dev.ssekit.client.SseEvent;
import dev.ssekit.client.SseException;
import java.util.ArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import okhttp3.Response;

/**
 * The hand-off from the reader thread to the app: what the reader parsed goes, in order and in batches, to
 * the callback executor, where {@link EventRouter} calls the app and {@link ResumeTracker} records what was
 * processed (once per batch). With no executor the batches run on the thread that hands them over: the reader
 * itself, each time it is about to wait for the network (or has 64 events); a callback due while no other
 * runs (the final {@code CLOSED} after {@code close()}, an ack failure) runs on the thread that caused it. At most {@code maxPending} items (events, comments, reports) and
 * {@code maxPendingBytes} of their text (two bytes a character) wait at once: beyond either the reader blocks,
 * so reading pauses and TCP pushes back instead of the heap growing. An item larger than the byte bound alone
 * still passes, once nothing else waits. The other callbacks (state changes, errors, opens) are few per
 * connection attempt, and the reader waits for all of them to run before the next attempt ({@link
 * #awaitHandled}), so nothing grows while a callback blocks.
 *
 * <p>Every error the app hears goes through {@link EventRouter#error}. Errors that let the client go on come
 * through {@link #error} (after the events read so far when called on the reader thread), as a report among
 * the events (an event too large), or from {@link ResumeTracker} on the callback thread. Those that end the
 * client (the callback executor rejected a task, or a callback threw an {@link Error}) go to the {@link Fatal}
 * handler, which closes the client with that error (once: a second is dropped); the remaining callbacks (the
 * last ones a client makes) then run on an SDK thread if the executor rejected.
 */
final class Delivery {

  /** Told when the client cannot go on: the callback executor refused a task, or a callback threw an Error. */
  interface Fatal {
    void failed(SseException error);
  }

  private final SerialExecutor serial;
  private final ThreadFactory threads;
  /** One permit per event handed over and not yet handled (backpressure). */
  private final Semaphore permits;
  private final int maxPending;
  /** One permit per byte of the items handed over and not yet handled. */
  private final Semaphore bytePermits;
  private final int maxPendingBytes;
  /** The bytes of the items gathered for the next batch. Reader thread only. */
  private int batchBytes;
  /**
   * Permits the reader took ahead, in one step, and has not used yet: taking them one by one would cost an
   * atomic update per event. Reader thread only.
   */
  private int credit;
  private final EventRouter router;
  private final ResumeTracker resume;
  private volatile Fatal fatalHandler;
  /** The SDK thread that took over from a rejecting executor, or null. Guarded by this. */
  private ExecutorService rescue;
  /**
   * Events read but not yet handed to the executor, in stream order, and the controls among them; handed over as
   * one batch when the parser is about to wait for the network, when 64 have gathered, or before any other
   * callback. Reader thread only.
   */
  private final ArrayList<SseEvent> events = new ArrayList<SseEvent>(64);
  private final ArrayList<Batch.Control> controls = new ArrayList<Batch.Control>();
  /** Guards {@link #queued}, and is notified when it falls to 0 or the client finishes. */
  private final Object idle = new Object();
  /** Tasks handed to the executor that have not run (or been dropped) yet. Guarded by {@link #idle}. */
  private int queued;
  /** Set when the client stopped for good: pending events are skipped. Written by the stopping thread. */
  private volatile boolean dropping;
  /** Set once the last callbacks are queued: later tasks (from a reader still winding down) may be dropped. */
  private volatile boolean finishing;
  /** The thread running a callback task now, or null. Set under {@link #gate}. */
  private volatile Thread callbackThread;
  /** Callbacks run on the thread that hands them over (the reader, mostly): no executor of the app's. */
  private final boolean inline;
  /** Held while a callback task starts, and while {@link #interruptUnlessRunningCallbacks} decides. */
  private final Object gate = new Object();

  /** @param userExecutor the app's callback executor, or null to run callbacks on the calling thread */
  Delivery(Executor userExecutor, ThreadFactory threads, int maxPending,
      int maxPendingBytes, EventRouter router, ResumeTracker resume) {
    this.serial = new SerialExecutor(userExecutor != null ? userExecutor : Runnable::run);
    this.inline = userExecutor == null;
    this.threads = threads;
    this.permits = new Semaphore(maxPending);
    this.maxPending = maxPending;
    this.bytePermits = new Semaphore(maxPendingBytes);
    this.maxPendingBytes = maxPendingBytes;
    this.router = router;
    this.resume = resume;
  }

  /**
   * Runs {@code interrupt} (which interrupts {@code reader}) unless the reader is running the app's callbacks,
   * atomically with a callback task starting on it; returns whether it ran. A task that starts after it ran
   * clears the interrupt for the app's callbacks and sets it again when they return, so {@code close()} never
   * interrupts a callback. Any thread.
   */
  boolean interruptUnlessRunningCallbacks(Thread reader, Runnable interrupt) {
    synchronized (gate) {
      if (reader != null && callbackThread == reader) {
        return false;
      }
      interrupt.run();
      return true;
    }
  }

  void onFatal(Fatal handler) {
    this.fatalHandler = handler;
  }

  // ---- called on the reader thread ----

  /**
   * Waits until the app has handled every event read so far, so the next connect resumes from exactly the
   * last one it processed (and the server does not replay what is still queued).
   */
  void awaitHandled() throws InterruptedException {
    flush();
    if (credit > 0) {
      permits.release(credit);
      credit = 0;
    }
    synchronized (idle) {
      while (queued > 0 && !finishing) {
        idle.wait();
      }
    }
  }

  void event(SseEvent event) throws InterruptedException {
    String id = event.id();
    take(2L * (event.data().length() + event.type().length() + (id == null ? 0 : id.length())));
    events.add(event);
    flushIfFull();
  }

  /** A comment line, in stream order with the events. */
  void comment(String comment) throws InterruptedException {
    control(Batch.Control.of(Batch.Control.Kind.COMMENT, comment));
  }

  /** Something about the stream to report to the app, in stream order with the events. */
  void report(SseException error) throws InterruptedException {
    control(Batch.Control.report(error));
  }

  /** An id-only block (an empty id resets the resume id): it applies once everything before it was handled. */
  void idOnly(String id) throws InterruptedException {
    control(Batch.Control.of(Batch.Control.Kind.ID_ONLY, id));
  }

  /**
   * The hub's join position for a connect sent without {@code Last-Event-ID}: it becomes the resume id, in
   * stream order, unless the client has an id by then. Never acknowledged: nothing was processed.
   */
  void joined(String id) throws InterruptedException {
    control(Batch.Control.of(Batch.Control.Kind.JOINED, id));
  }

  /** The connection declared a replay: from here, in stream order, repeats of processed ids are dropped. */
  void replayStarts() throws InterruptedException {
    control(Batch.Control.of(Batch.Control.Kind.REPLAY_STARTS, ""));
  }

  private void control(Batch.Control control) throws InterruptedException {
    take(2L * control.text.length());
    control.at = events.size();
    controls.add(control);
    flushIfFull();
  }

  /** Takes room for one item of {@code size} bytes, waiting for the app if there is none. */
  private void take(long size) throws InterruptedException {
    int bytes = (int) Math.min(size, maxPendingBytes); // a larger item waits until nothing else does
    if (!bytePermits.tryAcquire(bytes)) {
      flush(); // the app is behind: hand over what we have, then wait for room
      bytePermits.acquire(bytes);
    }
    batchBytes += bytes;
    if (credit == 0) {
      int taken = permits.drainPermits();
      if (taken == 0) {
        flush(); // the app is behind: hand over what we have, then wait for room
        permits.acquire();
        taken = 1 + permits.drainPermits();
      }
      credit = taken;
    }
    credit--;
  }

  private void flushIfFull() {
    if (events.size() + controls.size() >= 64) {
      flush();
    }
  }

  /** Hands what was gathered to the callback executor as one task. Reader thread only. */
  void flush() {
    if (events.isEmpty() && controls.isEmpty()) {
      return;
    }
    final Batch batch = new Batch(events.toArray(new SseEvent[events.size()]),
        controls.isEmpty() ? Batch.NO_CONTROLS : controls.toArray(new Batch.Control[controls.size()]), batchBytes);
    events.clear();
    controls.clear();
    batchBytes = 0;
    execute(() -> {
      try {
        handle(batch);
      } finally {
        bytePermits.release(batch.bytes);
      }
    });
  }

  /**
   * On the callback executor: applies each control and routes each event, in stream order, then records the
   * batch's progress once. Once the client stops for good ({@code dropping}) the rest of the batch is skipped,
   * and so is an event given up after the stop; what was processed before it is still committed (saved to the
   * store), so a new client resumes right after.
   */
  private void handle(Batch batch) {
    Error fatal = null;
    SseEvent current = null;
    SseEvent[] events = batch.events;
    Batch.Control[] controls = batch.controls;
    int c = 0;
    try {
      try {
        for (int i = 0; i <= events.length && !dropping; i++) {
          while (c < controls.length && controls[c].at == i && !dropping) {
            current = null;
            controls[c++].apply(router, resume);
          }
          if (i == events.length || dropping) {
            break;
          }
          SseEvent event = events[i];
          current = event;
          if (resume.isReplay(event)) {
            router.duplicate(event);
            continue;
          }
          if (!router.route(event) && dropping) {
            break; // given up while the client was closing (maybe why it failed): not processed, replayed later
          }
          resume.processed(event);
        }
      } catch (Error e) {
        fatal = e; // a callback threw it: the event is not processed; it and what follows are replayed later
        dropping = true;
      }
      resume.commit(); // also when closing: the events processed before the close count, so close() keeps them
    } catch (Throwable t) {
      // The router and the tracker catch what the app's code throws; this is the SDK failing. Say so.
      router.error(new SseException("unexpected " + t.getClass().getName() + " while delivering events", t));
    } finally {
      permits.release(batch.size());
    }
    if (fatal != null) {
      failed(fatal, current);
    }
  }

  /** A callback threw an Error: the client closes with FAILED (at most once; later ones are dropped). */
  private void failed(Error error, SseEvent event) {
    fail(new SseCallbackException("a callback threw " + error.getClass().getName()
        + (event != null ? " on " + event : "") + ": an Error is not retried, so the client closes", event, error));
  }

  void open(final Response response) {
    flush();
    execute(() -> {
      resume.connectionOpened(); // a replay only if the connection declares one (replayStarts)
      if (!dropping) {
        router.open(response);
      }
    });
  }

  /** Any thread; after the events read so far when called on the reader thread. */
  void state(final ConnectionState state) {
    flush();
    post(() -> router.state(state));
  }

  /** Any thread; after the events read so far when called on the reader thread. */
  void error(final SseException error) {
    flush();
    post(() -> router.error(error));
  }

  /**
   * Delivers the last callbacks (an error, if any, then {@code CLOSED}), runs {@code afterwards} (may be
   * null) and releases the SDK thread that took over from a rejecting executor, if any. {@code dropPending}
   * skips events still waiting (the caller closed, or the client failed). Never throws.
   */
  void finish(final ConnectionState closed, final SseException error, boolean dropPending,
      final Runnable afterwards) {
    if (dropPending) {
      dropping = true;
    }
    finishing = true;
    synchronized (idle) {
      idle.notifyAll();
    }
    execute(true, () -> {
      try {
        if (error != null) {
          router.error(error);
        }
        router.state(closed);
      } finally {
        try {
          if (afterwards != null) {
            afterwards.run();
          }
        } finally {
          releaseThreads();
        }
      }
    });
  }

  private void releaseThreads() {
    synchronized (this) {
      if (rescue != null) {
        rescue.shutdown();
      }
    }
  }

  private void post(final Runnable callback) {
    execute(() -> {
      if (!dropping) {
        callback.run();
      }
    });
  }

  private void execute(Runnable task) {
    execute(false, task);
  }

  /**
   * Queues a task; if the executor refuses, the client is told and an SDK thread takes over. Once the last
   * callbacks are queued, other refused tasks are dropped: nothing more is due to the app after CLOSED.
   */
  private void execute(boolean last, final Runnable task) {
    synchronized (idle) {
      queued++;
    }
    try {
      serial.execute(() -> {
        Thread self = Thread.currentThread();
        synchronized (gate) {
          callbackThread = self;
        }
        // An interrupt close() sent the reader before this task started was for the reader's waits, not the app's.
        boolean interrupted = inline && Thread.interrupted();
        try {
          task.run();
        } catch (Error e) {
          dropping = true;
          failed(e, null);
        } finally {
          callbackThread = null;
          if (interrupted) {
            self.interrupt();
          }
          ran();
        }
      });
    } catch (RejectedExecutionException e) {
      if (finishing) {
        if (last) {
          takeOver(); // the final callbacks still run, on an SDK thread
        }
        return; // (awaitHandled no longer waits once finishing)
      }
      dropping = true; // events can no longer reach the app in order: none will count as processed
      takeOver();
      fail(new SseException("the callback executor rejected a task: " + e.getClass().getName(), e));
    }
  }

  private void fail(SseException error) {
    Fatal handler = fatalHandler;
    if (handler != null) {
      handler.failed(error);
    }
  }

  private void ran() {
    synchronized (idle) {
      if (--queued == 0) {
        idle.notifyAll();
      }
    }
  }

  private void takeOver() {
    ExecutorService thread;
    synchronized (this) {
      if (rescue != null) {
        return;
      }
      rescue = Executors.newSingleThreadExecutor(threads);
      thread = rescue;
    }
    serial.switchTo(thread);
  }
}
