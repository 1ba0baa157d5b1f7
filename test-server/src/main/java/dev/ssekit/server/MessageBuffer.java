package dev.ssekit.server;

import dev.ssekit.server.internal.InMemoryMessageBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The replay buffer: every published message, in publish order, bounded in count and age.
 *
 * <p>The hub calls {@link #addMessage} under its publish lock, so implementations must be quick and must
 * not call back into the hub. Reads may come from any thread. An expired message is never returned, whether
 * or not a sweep has run (PROTOCOL.md clause 12).
 */
public interface MessageBuffer {

  /** The default buffer: in memory, {@code maxSize} messages at most, each kept for {@code ttl}. */
  static MessageBuffer inMemory(int maxSize, Duration ttl, Clock clock) {
    return new InMemoryMessageBuffer(maxSize, ttl, clock);
  }

  /** Appends a message; evicts the oldest when full. A repeated id points at the newest message with it. */
  void addMessage(BufferedMessage message);

  /**
   * The messages published after the one with {@code id}, oldest first; empty when the id is unknown here
   * (never issued, evicted or expired), which the hub reports as a gap.
   */
  Optional<List<BufferedMessage>> getMessagesSince(String id);

  /** Every unexpired message, oldest first. */
  List<BufferedMessage> getMessages();

  /** Whether an unexpired message with this id is held. */
  boolean contains(String id);

  /** The id of the oldest unexpired message, if any. */
  default Optional<String> oldestId() {
    List<BufferedMessage> all = getMessages();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0).id());
  }

  /** The number of unexpired messages held. */
  int getSize();

  /** Drops every message. */
  void clear();

  /** Drops expired messages now; reads never return them either way. */
  default void sweep() {}

  /**
   * The messages this client may see that come after {@code lastAcknowledgedId}; all it may see when that id
   * is {@code null} or unknown here.
   */
  default List<BufferedMessage> getUndeliveredMessages(String clientId, String lastAcknowledgedId) {
    List<BufferedMessage> candidates = lastAcknowledgedId == null
        ? getMessages()
        : getMessagesSince(lastAcknowledgedId).orElseGet(this::getMessages);
    List<BufferedMessage> visible = new ArrayList<>(candidates.size());
    for (BufferedMessage m : candidates) {
      if (m.isVisibleTo(clientId)) {
        visible.add(m);
      }
    }
    return visible;
  }
}
