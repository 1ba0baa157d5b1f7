package dev.ssekit.server.internal;

import dev.ssekit.server.BufferedMessage;
import dev.ssekit.server.MessageBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The one replay rule (clauses 13, 14 and 16): what a client may see after an id, and whether there is a gap.
 * The stream, {@code /missed} and {@code getMissedMessages} all ask it. An id is known when it is this run's
 * origin, or when the buffer holds its message and the client may see that message; an id of another
 * client's private message is, to this client, unknown like one the hub never issued.
 */
final class ReplayRule {

  /** What the client may see after the id, oldest first; {@code gap} when the id was unknown. */
  record Result(List<BufferedMessage> messages, boolean gap) {
    /** The oldest message listed, or null: the {@code oldest_available_id} of a gap notice. */
    String oldestId() {
      return messages.isEmpty() ? null : messages.get(0).id();
    }
  }

  private final Publisher publisher;
  private final MessageBuffer buffer;

  ReplayRule(Publisher publisher, MessageBuffer buffer) {
    this.publisher = publisher;
    this.buffer = buffer;
  }

  /**
   * What the client with this tracker (null: a client id the hub does not know) may see after
   * {@code lastEventId}: every buffered message after it in publish order, or, when the id is unknown, every
   * buffered message, with {@code gap} set. The origin {@code <run>-0} is known: it stands before this run's
   * first message (a gap only when that message was already evicted). A stream asks under the publish lock.
   */
  Result after(DefaultDeliveryTracker tracker, String lastEventId) {
    Optional<List<BufferedMessage>> since;
    if (publisher.isOrigin(lastEventId)) {
      since = sinceRunStart();
    } else if (!publisher.maySee(tracker, lastEventId)) {
      since = Optional.empty();
    } else {
      since = buffer.getMessagesSince(lastEventId);
    }
    return new Result(visibleTo(tracker, since.orElseGet(buffer::getMessages)), since.isEmpty());
  }

  /** Everything buffered that the client may see, with no gap: for a client that names no id. */
  Result all(DefaultDeliveryTracker tracker) {
    return new Result(visibleTo(tracker, buffer.getMessages()), false);
  }

  /**
   * Every buffered message of this run, from its first, or empty when the first was evicted. A persistent
   * buffer may also hold an earlier run's messages.
   */
  private Optional<List<BufferedMessage>> sinceRunStart() {
    String first = publisher.firstId();
    if (first == null) {
      return Optional.of(Collections.emptyList());
    }
    List<BufferedMessage> all = buffer.getMessages();
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).id().equals(first)) {
        return Optional.of(all.subList(i, all.size()));
      }
    }
    return Optional.empty();
  }

  /** The messages among these that this client may see; with no tracker, broadcasts only. */
  private List<BufferedMessage> visibleTo(DefaultDeliveryTracker tracker, List<BufferedMessage> messages) {
    List<BufferedMessage> out = new ArrayList<>(messages.size());
    for (BufferedMessage m : messages) {
      if (DefaultDeliveryTracker.maySee(tracker, m.recipient(), m.timestamp(), () -> publisher.orderOf(m.id()))) {
        out.add(m);
      }
    }
    return out;
  }
}
