package dev.ssekit.server.internal;

import dev.ssekit.server.ClientDeliveryManager;
import dev.ssekit.server.ClientDeliveryTracker;
import dev.ssekit.server.UnknownClientException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/** The default delivery manager: a concurrent map of trackers, ordered acks through the hub's id order. */
final class DefaultDeliveryManager implements ClientDeliveryManager {

  private final ConcurrentHashMap<String, DefaultDeliveryTracker> trackers = new ConcurrentHashMap<>();
  private final ToLongFunction<String> orderOf;
  private final Clock clock;

  /** @param orderOf the hub's publish order of an id, or -1 if the hub did not issue it */
  DefaultDeliveryManager(ToLongFunction<String> orderOf, Clock clock) {
    this.orderOf = orderOf;
    this.clock = clock;
  }

  @Override
  public DefaultDeliveryTracker registerClient(String clientId) {
    DefaultDeliveryTracker tracker =
        trackers.computeIfAbsent(clientId, id -> new DefaultDeliveryTracker(id, clock.instant()));
    tracker.seen(clock.instant());
    return tracker;
  }

  @Override
  public void unregisterClient(String clientId) {
    trackers.remove(clientId);
  }

  @Override
  public Optional<ClientDeliveryTracker> getClientTracker(String clientId) {
    return Optional.ofNullable(trackers.get(clientId));
  }

  @Override
  public List<String> getAllClients() {
    return new ArrayList<>(trackers.keySet());
  }

  @Override
  public boolean updateClientAcknowledgment(String clientId, String messageId) {
    long order = orderOf.applyAsLong(messageId);
    if (order < 0) {
      throw new IllegalArgumentException("the hub did not issue this id (or no longer holds it)");
    }
    DefaultDeliveryTracker tracker = trackers.get(clientId);
    if (tracker == null) {
      throw new UnknownClientException(clientId);
    }
    tracker.seen(clock.instant());
    return tracker.acknowledge(messageId, order);
  }

  boolean isKnown(String clientId) {
    return trackers.containsKey(clientId);
  }

  /** The tracker of this client id, or null. */
  DefaultDeliveryTracker tracker(String clientId) {
    return trackers.get(clientId);
  }

  /**
   * Drops trackers of clients that are not connected: those that acked and were last seen before
   * {@code ackedCutoff}, and those that never acked and were last seen before {@code unackedCutoff}.
   */
  void forgetAbsent(Instant ackedCutoff, Instant unackedCutoff, Predicate<String> isConnected) {
    trackers.values().removeIf(t -> t.lastSeen().isBefore(t.hasAcked() ? ackedCutoff : unackedCutoff)
        && !isConnected.test(t.clientId()));
  }
}
