package dev.ssekit.client.internal;

import dev.ssekit.client.SseCallbackException;
import dev.ssekit.client.SseEvent;
import dev.ssekit.client.SseException;
import dev.ssekit.client.SseListener;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The listener of a client built without one: events are ignored, but failures (decode errors, poison events,
 * ack and connection failures) are logged at WARNING to {@code dev.ssekit.client}, once per kind per client,
 * saying what to do, so nothing fails unheard. SseException messages never contain a token. Callback thread.
 */
final class UnheardFailures implements SseListener {

  private static final Logger LOG = Logger.getLogger("dev.ssekit.client");

  private final Set<String> logged = Collections.synchronizedSet(new HashSet<String>());

  @Override
  public void onEvent(SseEvent event) {}

  @Override
  public void onError(SseException error) {
    String message = error.getMessage();
    boolean decode = error instanceof SseCallbackException && message.startsWith("cannot decode");
    // an ack's failure is its own kind: a connection failure of the same type must not hide it
    String kind = decode ? "decode" : message.startsWith("an ack") ? "ack" : error.getClass().getName();
    logOnce(kind, message);
  }

  @Override
  public void onPoisonEvent(SseEvent event, SseException lastError) {
    logOnce("poison", event + " was given up (not processed; the stream moved past it)");
  }

  private void logOnce(String kind, String what) {
    if (logged.add(kind)) {
      LOG.log(Level.WARNING, "ssekit: " + what + ". No SseListener is set, so nothing else hears of this: set one"
          + " with SseClient.Builder.listener(...) (onError, onPoisonEvent). Further failures of this kind are not"
          + " logged.");
    }
  }
}
