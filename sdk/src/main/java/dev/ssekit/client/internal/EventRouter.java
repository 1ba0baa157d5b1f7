package dev.ssekit.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ssekit.client.ConnectionState;
import dev.ssekit.client.Gap;
import dev.ssekit.client.SseCallbackException;
import dev.ssekit.client.SseEvent;
import dev.ssekit.client.SseException;
import dev.ssekit.client.SseListener;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Response;

/**
 * Calls the app for each event: {@code onHeartbeat}, {@code onGap}, {@code onEvent} and every typed
 * subscription of the event's type (decoding its data first). A callback that throws is reported to
 * {@code onError} and called again for the same event, up to {@code maxAttempts} times in all; a callback that
 * still fails, or data that cannot be decoded (decoding again would fail again), makes the event poison: it is
 * reported once through {@code onPoisonEvent} and given up. Either way {@link #route} returns with the event
 * processed or given up, so the stream moves on — except for an {@link Error} from an event callback or a
 * decoder, which is not retried: it propagates, and {@link Delivery} closes the client with {@code FAILED}.
 * Callback executor only.
 */
final class EventRouter {

  private static final int ON_EVENT = 0;
  private static final int ON_HEARTBEAT = 1;
  private static final int ON_GAP = 2;

  private final SseListener listener;
  private final CopyOnWriteArrayList<TypedSubscription<?>> subscriptions;
  private final ObjectMapper mapper;
  private final boolean heartbeatsAsEvents;
  private final int maxAttempts;

  EventRouter(SseListener listener, CopyOnWriteArrayList<TypedSubscription<?>> subscriptions, ObjectMapper mapper,
      boolean heartbeatsAsEvents, int maxAttempts) {
    this.listener = listener;
    this.subscriptions = subscriptions;
    this.mapper = mapper;
    this.heartbeatsAsEvents = heartbeatsAsEvents;
    this.maxAttempts = maxAttempts;
  }

  /**
   * Calls every callback for the event; when it returns, the event was processed (true) or given up (false,
   * after {@code onPoisonEvent}).
   */
  boolean route(SseEvent event) {
    String type = event.type();
    SseException failure = null;
    if (type.equals("heartbeat")) {
      failure = call(ON_HEARTBEAT, event, null);
      if (heartbeatsAsEvents) {
        failure = either(dispatch(event), failure);
      }
    } else if (type.equals("gap")) {
      failure = call(ON_GAP, event, parseGap(event.data()));
      failure = either(dispatch(event), failure);
    } else {
      failure = dispatch(event);
    }
    if (failure != null) {
      giveUp(event, failure);
      return false;
    }
    return true;
  }

  private static SseException either(SseException later, SseException earlier) {
    return later != null ? later : earlier;
  }

  /** onEvent, then every typed subscription for the type; the last failure that was not overcome, or null. */
  private SseException dispatch(SseEvent event) {
    SseException failure = call(ON_EVENT, event, null);
    if (!subscriptions.isEmpty()) {
      for (TypedSubscription<?> s : subscriptions) {
        if (s.eventType.equals(event.type())) {
          failure = either(deliverTyped(s, event), failure);
        }
      }
    }
    return failure;
  }

  /** Calls one listener method for the event, again after a failure, up to the attempt limit. */
  private SseException call(int method, SseEvent event, Gap gap) {
    SseException failure = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        switch (method) {
          case ON_HEARTBEAT:
            listener.onHeartbeat(event);
            break;
          case ON_GAP:
            listener.onGap(gap);
            break;
          default:
            listener.onEvent(event);
            break;
        }
        return null;
      } catch (Error e) {
        throw e; // the VM or the app is in trouble: retrying cannot help (the client closes with FAILED)
      } catch (Throwable t) {
        failure = new SseCallbackException(describe(method) + " threw " + t.getClass().getName() + " on "
            + event + " (attempt " + attempt + " of " + maxAttempts + ")", event, t);
        error(failure);
      }
    }
    return failure;
  }

  private static String describe(int method) {
    switch (method) {
      case ON_HEARTBEAT:
        return "onHeartbeat";
      case ON_GAP:
        return "onGap";
      default:
        return "onEvent";
    }
  }

  private <T> SseException deliverTyped(TypedSubscription<T> s, SseEvent event) {
    T value;
    try {
      value = s.decode(mapper, event.data());
    } catch (Error e) {
      throw e;
    } catch (Throwable e) {
      SseCallbackException failure = new SseCallbackException("cannot decode " + event + " as "
          + s.targetName() + ": " + e.getClass().getName(), event, e);
      error(failure);
      return failure;
    }
    SseException failure = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        s.handler.accept(value, event);
        return null;
      } catch (Error e) {
        throw e;
      } catch (Throwable t) {
        failure = new SseCallbackException("the " + s.targetName() + " handler threw " + t.getClass().getName()
            + " on " + event + " (attempt " + attempt + " of " + maxAttempts + ")", event, t);
        error(failure);
      }
    }
    return failure;
  }

  private void giveUp(SseEvent event, SseException lastFailure) {
    try {
      listener.onPoisonEvent(event, lastFailure);
    } catch (Error e) {
      throw e; // not retried, not reported here: the client closes with FAILED
    } catch (Throwable t) {
      error(new SseCallbackException("onPoisonEvent threw " + t.getClass().getName(), event, t));
    }
  }

  // ---- the callbacks that are not events: an exception is reported, never retried; an Error is thrown on ----

  void duplicate(SseEvent event) {
    try {
      listener.onReplayedDuplicate(event);
    } catch (Error e) {
      throw e; // not retried, not reported here: the client closes with FAILED
    } catch (Throwable t) {
      error(new SseCallbackException("onReplayedDuplicate threw " + t.getClass().getName(), event, t));
    }
  }

  void open(Response response) {
    try {
      listener.onOpen(response);
    } catch (Error e) {
      throw e; // not retried, not reported here: the client closes with FAILED
    } catch (Throwable t) {
      error(new SseCallbackException("onOpen threw " + t.getClass().getName(), null, t));
    }
  }

  void comment(String comment) {
    try {
      listener.onComment(comment);
    } catch (Error e) {
      throw e; // not retried, not reported here: the client closes with FAILED
    } catch (Throwable t) {
      error(new SseCallbackException("onComment threw " + t.getClass().getName(), null, t));
    }
  }

  void state(ConnectionState state) {
    try {
      listener.onStateChange(state);
    } catch (Error e) {
      throw e; // not retried, not reported here: the client closes with FAILED
    } catch (Throwable t) {
      error(new SseCallbackException("onStateChange threw " + t.getClass().getName(), null, t));
    }
  }

  /** Reports an error; an {@code onError} that throws is ignored (it must not stop delivery either). */
  void error(SseException error) {
    try {
      listener.onError(error);
    } catch (Throwable ignored) {
      // nothing left to report to
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
