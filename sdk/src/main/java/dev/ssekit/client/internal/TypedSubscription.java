package dev.ssekit.client.internal;

import dev.ssekit.client.Subscription;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** {@code client.on(type, Class, handler)}: decodes the data with Jackson and calls the handler. */
final class TypedSubscription<T> implements Subscription {

  final String type;
  final Class<T> valueType;
  final Consumer<? super T> handler;
  private final CopyOnWriteArrayList<TypedSubscription<?>> owner;

  TypedSubscription(String type, Class<T> valueType, Consumer<? super T> handler,
      CopyOnWriteArrayList<TypedSubscription<?>> owner) {
    this.type = type;
    this.valueType = valueType;
    this.handler = handler;
    this.owner = owner;
  }

  @Override
  public void cancel() {
    owner.remove(this);
  }
}
