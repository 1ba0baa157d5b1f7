package dev.ssekit.server;

import java.util.List;
import java.util.Optional;

/**
 * The hub's trackers, one per client id (PROTOCOL.md clause 17). Safe to use from any thread.
 */
public interface ClientDeliveryManager {

  /** The tracker for this client, creating it if needed. */
  ClientDeliveryTracker registerClient(String clientId);

  /** Forgets this client's tracker. */
  void unregisterClient(String clientId);

  /** The tracker for this client, if the hub knows it. */
  Optional<ClientDeliveryTracker> getClientTracker(String clientId);

  /** Every client id the hub tracks, connected or not. */
  List<String> getAllClients();

  /**
   * Records an acknowledgement. Acks only move forward: an id older than the one recorded is accepted and
   * ignored.
   *
   * @return {@code true} if the recorded id moved forward
   * @throws UnknownClientException if the hub has no tracker for this client (an ack never creates one)
   * @throws IllegalArgumentException if the hub did not issue this id
   */
  boolean updateClientAcknowledgment(String clientId, String messageId);
}
