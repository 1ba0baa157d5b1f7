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

/** The default delivery manager: a concurrent map of trackers, ordered acks through the hub's id order. */
final class DefaultDeliveryManager implements ClientDeliveryManager {

  private final ConcurrentHashMap<String, DefaultDeliveryTracker> trackers = new ConcurrentHashMap<>();
  private final Publisher publisher;
  private final Clock clock;
  /** Client ids per principal and in total (clause 24). */
  private final PrincipalQuota quota;

  /**
   * @param publisher knows the publish order of an id, and the recipient of a private one
   * @param perPrincipal client ids one principal may own at once
   * @param total client ids the hub holds at once
   */
  DefaultDeliveryManager(Publisher publisher, Clock clock, int perPrincipal, int total) {
    this.publisher = publisher;
    this.clock = clock;
    this.quota = new PrincipalQuota("client ids", "TOO_MANY_CLIENT_IDS", perPrincipal, total);
  }

  /**
   * Attaches a stream of this principal to the client id's tracker, making the tracker if there is none, in
   * one step with respect to the sweep ({@link #forgetAbsent}): a tracker that a stream is attached to is never
   * forgotten.
   *
   * @return the tracker, or null if another principal owns the client id (its tracker is left untouched)
   * @throws HubLimitException if a new tracker would pass the principal's or the hub's bound
   */
  DefaultDeliveryTracker attach(String clientId, String principal) {
    boolean[] refused = new boolean[1];
    DefaultDeliveryTracker tracker = trackers.compute(clientId, (id, existing) -> {
      DefaultDeliveryTracker t = existing != null ? existing : newTracker(id, principal);
      refused[0] = !t.attach(principal);
      return t;
    });
    return refused[0] ? null : tracker;
  }

  /** A new tracker, counted for the principal (null: in the total only). */
  private DefaultDeliveryTracker newTracker(String clientId, String principal) {
    quota.acquire(principal);
    return new DefaultDeliveryTracker(clientId, clock.instant(), publisher.head(), principal);
  }

  /**
   * {@inheritDoc} A tracker made here has no owner yet and counts in the hub's total only.
   *
   * @throws IllegalStateException if the hub holds as many client ids as it may (clause 24)
   */
  @Override
  public DefaultDeliveryTracker registerClient(String clientId) {
    DefaultDeliveryTracker tracker;
    try {
      tracker = trackers.computeIfAbsent(clientId, id -> newTracker(id, null));
    } catch (HubLimitException e) {
      throw new IllegalStateException(e.getMessage());
    }
    tracker.seen(clock.instant());
    return tracker;
  }

  @Override
  public void unregisterClient(String clientId) {
    trackers.computeIfPresent(clientId, (id, t) -> {
      quota.release(t.countedFor());
      return null;
    });
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
    return acknowledge(trackers.get(clientId), clientId, messageId);
  }

  /** {@link #updateClientAcknowledgment} on this tracker of the client id (null: it has none). */
  boolean acknowledge(DefaultDeliveryTracker tracker, String clientId, String messageId) {
    long order = publisher.orderOf(messageId);
    // An id the client may not see is, to that client, an id the hub never issued (clause 15).
    if (order == IdOrder.UNKNOWN || !publisher.maySee(tracker, messageId)) {
      throw new IllegalArgumentException("the hub did not issue this id (or no longer holds it)");
    }
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
   * Drops trackers with no stream attached: those that acked and were last seen before {@code ackedCutoff},
   * and those that never acked and were last seen before {@code unackedCutoff}. Each is checked and removed in
   * one step per client id, so a stream attaching at the same time keeps its tracker.
   */
  void forgetAbsent(Instant ackedCutoff, Instant unackedCutoff) {
    for (String clientId : trackers.keySet()) {
      trackers.computeIfPresent(clientId, (id, t) -> {
        if (!t.isExpired(ackedCutoff, unackedCutoff)) {
          return t;
        }
        quota.release(t.countedFor());
        return null;
      });
    }
  }
}
