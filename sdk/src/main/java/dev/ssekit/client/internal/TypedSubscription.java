package dev.ssekit.client.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ssekit.client.SseEvent;
import dev.ssekit.client.Subscription;
import java.io.IOException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/** {@code client.on(type, target, handler)}: decodes the data with Jackson and calls the handler. */
final class TypedSubscription<T> implements Subscription {

  final String eventType;
  final JavaType target;
  final BiConsumer<? super T, SseEvent> handler;
  private final CopyOnWriteArrayList<TypedSubscription<?>> owner;

  TypedSubscription(String eventType, JavaType target, BiConsumer<? super T, SseEvent> handler,
      CopyOnWriteArrayList<TypedSubscription<?>> owner) {
    this.eventType = eventType;
    this.target = target;
    this.handler = handler;
    this.owner = owner;
  }

  T decode(ObjectMapper mapper, String data) throws IOException {
    return mapper.readValue(data, target);
  }

  /** The target type as a reader would write it, e.g. {@code java.util.List<com.example.Order>}. */
  String targetName() {
    return target.toCanonical();
  }

  @Override
  public void cancel() {
    owner.remove(this);
  }
}
