package dev.ssekit.server.internal;

import dev.ssekit.server.BufferedMessage;
import dev.ssekit.server.MessageBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Connecting: claims the client id for the caller's principal, takes the replay snapshot and the journal
 * cursor in one step (clause 13), and registers the new stream, replacing the principal's earlier one for the
 * same client id (clause 7).
 */
final class StreamOpener {

  private final Publisher publisher;
  private final MessageBuffer buffer;
  private final Journal journal;
  private final DefaultDeliveryManager trackers;
  private final StreamRegistry streams;
  private final StreamContext context;
  private final Clock clock;

  StreamOpener(Publisher publisher, MessageBuffer buffer, Journal journal, DefaultDeliveryManager trackers,
      StreamRegistry streams, StreamContext context, Clock clock) {
    this.publisher = publisher;
    this.buffer = buffer;
    this.journal = journal;
    this.trackers = trackers;
    this.streams = streams;
    this.context = context;
    this.clock = clock;
  }

  /**
   * @throws ForeignClientIdException if another principal owns the client id
   * @throws IllegalStateException if the hub is stopped
   */
  ClientStream connect(String principal, String clientId, String lastEventId) {
    DefaultDeliveryTracker tracker = trackers.registerClient(clientId);
    if (!tracker.claim(principal)) {
      throw new ForeignClientIdException(streams.isConnected(clientId));
    }
    ClientStream[] previous = new ClientStream[1];
    ClientStream stream = publisher.atomically(() -> {
      List<BufferedMessage> replay = Collections.emptyList();
      Map<String, Object> gap = null;
      String joinedAt = lastEventId == null ? publisher.joinPosition() : null;
      if (lastEventId != null) {
        Optional<List<BufferedMessage>> since = publisher.isOrigin(lastEventId)
            ? sinceRunStart()
            : buffer.getMessagesSince(lastEventId);
        if (since.isPresent()) {
          replay = since.get();
        } else {
          replay = buffer.getMessages();
          gap = Json.object("last_event_id", lastEventId, "oldest_available_id", buffer.oldestId().orElse(null));
        }
      }
      ClientStream opened = new ClientStream(context, clientId, tracker, clock.instant(), joinedAt,
          journal.head(), visibleTo(tracker, replay), gap);
      previous[0] = streams.register(opened);
      return opened;
    });
    if (previous[0] != null) {
      previous[0].close(ClientStream.CloseReason.REPLACED);
    }
    return stream;
  }

  /**
   * Under the publish lock: every buffered message of this run, from its first, or empty when the first was
   * evicted (then the caller sends the gap notice). A persistent buffer may also hold an earlier run's messages.
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
  static List<BufferedMessage> visibleTo(DefaultDeliveryTracker tracker, List<BufferedMessage> messages) {
    List<BufferedMessage> out = new ArrayList<>(messages.size());
    for (BufferedMessage m : messages) {
      if (tracker == null ? m.recipient() == null : tracker.maySee(m)) {
        out.add(m);
      }
    }
    return out;
  }
}
