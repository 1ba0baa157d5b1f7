package dev.ssekit.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ssekit.client.ConnectionState;
import dev.ssekit.client.Gap;
import dev.ssekit.client.LastEventIdStore;
import dev.ssekit.client.SseCallbackException;
import dev.ssekit.client.SseEvent;
import dev.ssekit.client.SseException;
import dev.ssekit.client.SseListener;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import okhttp3.Response;

/**
 * Hands what the reader thread parsed to the app, in order, on the callback executor. At most
 * {@code maxPending} events wait at once: beyond that the reader blocks, so reading pauses and TCP pushes
 * back instead of the heap growing. An event counts as processed when every callback for it returned
 * normally; only then does the resume id move, the store save it and the ack tracker hear of it.
 */
final class Delivery {

  private final Executor serial;
  private final ExecutorService ownExecutor;
  private final Semaphore permits;
  private final int maxPending;
  private final SseListener listener;
  private final CopyOnWriteArrayList<TypedSubscription<?>> subscriptions;
  private final ObjectMapper mapper;
  private final LastEventIdStore store;
  private final AckTracker acks;
  private final boolean heartbeatsAsEvents;
  /** Callback thread only. */
  private final ProcessedIds processed = new ProcessedIds(4096);
  /** The id of the last processed event. Written on the callback thread. */
  private volatile String processedId;
  /**
   * Events read but not yet handed to the executor, in stream order; handed over as one task when the parser
   * is about to wait for the network, when 64 have gathered, or before any other callback. Reader thread only.
   */
  private final java.util.ArrayList<Object> batch = new java.util.ArrayList<Object>(64);
  /** Set when the caller closed the client: pending events are dropped. */
  private volatile boolean dropping;

  Delivery(Executor userExecutor, ExecutorService ownExecutor, int maxPending, SseListener listener,
      CopyOnWriteArrayList<TypedSubscription<?>> subscriptions, ObjectMapper mapper, LastEventIdStore store,
      AckTracker acks, boolean heartbeatsAsEvents, String initialProcessedId) {
    this.serial = new SerialExecutor(userExecutor != null ? userExecutor : ownExecutor);
    this.ownExecutor = ownExecutor;
    this.permits = new Semaphore(maxPending);
    this.maxPending = maxPending;
    this.listener = listener;
    this.subscriptions = subscriptions;
    this.mapper = mapper;
    this.store = store;
    this.acks = acks;
    this.heartbeatsAsEvents = heartbeatsAsEvents;
    this.processedId = initialProcessedId;
  }

  /** The id to resume from: the last one the app processed. */
  String processedId() {
    return processedId;
  }

  // ---- called on the reader thread ----

  /**
   * Waits until the app has handled every event read so far, so the next connect resumes from exactly the
   * last one it processed (and the server does not replay what is still queued).
   */
  void awaitHandled() throws InterruptedException {
    flush();
    permits.acquire(maxPending);
    permits.release(maxPending);
  }

  void event(SseEvent event) throws InterruptedException {
    add(event);
  }

  void idOnly(String id) throws InterruptedException {
    add(new IdOnly(id));
  }

  /** An id-only block: it moves the resume id once everything before it was handled. */
  private static final class IdOnly {
    final String id;

    IdOnly(String id) {
      this.id = id;
    }
  }

  private void add(Object item) throws InterruptedException {
    if (!permits.tryAcquire()) {
      flush(); // the app is behind: hand over what we have, then wait for room
      permits.acquire();
    }
    batch.add(item);
    if (batch.size() >= 64) {
      flush();
    }
  }

  /** Hands the gathered events to the callback executor as one task. Reader thread only. */
  void flush() {
    if (batch.isEmpty()) {
      return;
    }
    final Object[] items = batch.toArray();
    batch.clear();
    serial.execute(new Runnable() {
      @Override
      public void run() {
        for (Object item : items) {
          try {
            if (dropping) {
              continue;
            }
            if (item instanceof IdOnly) {
              markProcessed(((IdOnly) item).id, true);
            } else {
              handle((SseEvent) item);
            }
          } finally {
            permits.release();
          }
        }
      }
    });
  }

  void comment(final String comment) {
    flush();
    post(new Callback() {
      @Override
      public void call() {
        listener.onComment(comment);
      }
    });
  }

  void open(final Response response) {
    flush();
    serial.execute(new Runnable() {
      @Override
      public void run() {
        processed.reconnected(); // what this connection replays first may be what the app already has
        if (!dropping) {
          safely(new Callback() {
            @Override
            public void call() {
              listener.onOpen(response);
            }
          });
        }
      }
    });
  }

  void state(final ConnectionState state) {
    flush();
    post(new Callback() {
      @Override
      public void call() {
        listener.onStateChange(state);
      }
    });
  }

  void error(final SseException error) {
    flush();
    post(new Callback() {
      @Override
      public void call() {
        listener.onError(error);
      }
    });
  }

  /**
   * Delivers the last callbacks (an error, if any, then {@code CLOSED}), runs {@code afterwards} (may be
   * null) and releases the SDK's own callback thread. {@code dropPending} skips events still waiting (the
   * caller closed).
   */
  void finish(final ConnectionState closed, final SseException error, boolean dropPending,
      final Runnable afterwards) {
    if (dropPending) {
      dropping = true;
    }
    serial.execute(new Runnable() {
      @Override
      public void run() {
        if (error != null) {
          safely(new Callback() {
            @Override
            public void call() {
              listener.onError(error);
            }
          });
        }
        safely(new Callback() {
          @Override
          public void call() {
            listener.onStateChange(closed);
          }
        });
        if (afterwards != null) {
          afterwards.run();
        }
        if (ownExecutor != null) {
          ownExecutor.shutdown();
        }
      }
    });
  }

  // ---- called on the callback executor ----

  private interface Callback {
    void call() throws Exception;
  }

  /** Posts a callback after every event read so far (reader thread), or at once (other threads). */
  private void post(final Callback callback) {
    serial.execute(new Runnable() {
      @Override
      public void run() {
        if (!dropping) {
          safely(callback);
        }
      }
    });
  }

  private boolean safely(Callback callback) {
    try {
      callback.call();
      return true;
    } catch (Throwable t) {
      reportCallbackFailure(new SseCallbackException("a callback threw " + t.getClass().getName(), null, t));
      return false;
    }
  }

  private void handle(final SseEvent event) {
    if (event.hasOwnId() && event.id() != null && processed.isReplay(event.id())) {
      return; // a replay of something the app already processed
    }
    boolean ok;
    String type = event.type();
    if (type.equals("heartbeat")) {
      ok = safely(new Callback() {
        @Override
        public void call() {
          listener.onHeartbeat(event);
        }
      });
      if (heartbeatsAsEvents) {
        ok &= dispatch(event);
      }
    } else if (type.equals("gap")) {
      final Gap gap = parseGap(event.data());
      ok = safely(new Callback() {
        @Override
        public void call() {
          listener.onGap(gap);
        }
      }) & dispatch(event);
    } else {
      ok = dispatch(event);
    }
    if (ok) {
      markProcessed(event.id(), event.hasOwnId());
    }
  }

  /** Calls onEvent and every typed subscription for the type; true if all returned normally. */
  private boolean dispatch(final SseEvent event) {
    boolean ok = safely(new Callback() {
      @Override
      public void call() {
        listener.onEvent(event);
      }
    });
    if (!subscriptions.isEmpty()) {
      for (TypedSubscription<?> s : subscriptions) {
        if (s.type.equals(event.type())) {
          ok &= deliverTyped(s, event);
        }
      }
    }
    return ok;
  }

  private <T> boolean deliverTyped(TypedSubscription<T> s, SseEvent event) {
    T value;
    try {
      value = mapper.readValue(event.data(), s.valueType);
    } catch (Exception e) {
      reportCallbackFailure(new SseCallbackException(
          "cannot decode a \"" + event.type() + "\" event as " + s.valueType.getName(), event, e));
      return false;
    }
    try {
      s.handler.accept(value);
      return true;
    } catch (Throwable t) {
      reportCallbackFailure(new SseCallbackException("a \"" + event.type() + "\" handler threw "
          + t.getClass().getName(), event, t));
      return false;
    }
  }

  private void reportCallbackFailure(SseCallbackException e) {
    try {
      listener.onError(e);
    } catch (Throwable ignored) {
      // an onError that throws must not stop delivery either
    }
  }

  private void markProcessed(String id, boolean own) {
    if (id == null) {
      return;
    }
    if (own) {
      processed.add(id);
    }
    if (id.equals(processedId)) {
      return;
    }
    processedId = id;
    try {
      store.saveLastEventId(id);
    } catch (RuntimeException e) {
      reportCallbackFailure(new SseCallbackException("the LastEventIdStore failed to save", null, e));
    }
    if (acks != null && !id.isEmpty()) {
      acks.processed(id);
    }
  }

  private Gap parseGap(String data) {
    try {
      JsonNode json = mapper.readTree(data);
      return new Gap(text(json, "last_event_id"), text(json, "oldest_available_id"));
    } catch (Exception e) {
      return new Gap(null, null);
    }
  }

  private static String text(JsonNode json, String field) {
    JsonNode node = json == null ? null : json.get(field);
    return node == null || node.isNull() ? null : node.asText();
  }
}
