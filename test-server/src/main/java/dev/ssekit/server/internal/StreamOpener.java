package dev.ssekit.server.internal;

import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import dev.ssekit.server.BufferedMessage;

/**
 * Connecting: attaches the stream to the client id's tracker for the caller's principal, takes the replay
 * snapshot (by the {@link ReplayRule}) and the journal cursor in one step (clause 13), and registers the new
 * stream, replacing the principal's earlier one for the same client id (clause 7).
 */
final class StreamOpener {

  private final Publisher publisher;
  private final ReplayRule replay;
  private final Journal journal;
  private final DefaultDeliveryManager trackers;
  private final StreamRegistry streams;
  private final StreamContext context;
  private final FileBudget files;
  private final Clock clock;

  StreamOpener(Publisher publisher, ReplayRule replay, Journal journal, DefaultDeliveryManager trackers,
      StreamRegistry streams, StreamContext context, FileBudget files, Clock clock) {
    this.files = files;
    this.publisher = publisher;
    this.replay = replay;
    this.journal = journal;
    this.trackers = trackers;
    this.streams = streams;
    this.context = context;
    this.clock = clock;
  }

  /**
   * @throws ForeignClientIdException if another principal owns the client id
   * @throws HubLimitException if a bound of clause 24 was reached
   * @throws IllegalStateException if the hub is stopped
   */
  ClientStream connect(String principal, String clientId, String lastEventId) {
    files.check();
    streams.reserve(principal, clientId);
    DefaultDeliveryTracker tracker;
    try {
      tracker = trackers.attach(clientId, principal);
    } catch (RuntimeException | Error e) {
      streams.unreserve(principal);
      throw e;
    }
    if (tracker == null) {
      streams.unreserve(principal);
      throw new ForeignClientIdException(streams.isConnected(clientId));
    }
    ClientStream[] previous = new ClientStream[1];
    ClientStream stream;
    try {
      stream = publisher.atomically(() -> {
        List<BufferedMessage> messages = Collections.emptyList();
        Map<String, Object> gap = null;
        String joinedAt = lastEventId == null ? publisher.joinPosition(tracker) : null;
        if (lastEventId != null) {
          ReplayRule.Result result = replay.after(tracker, lastEventId);
          messages = result.messages();
          if (result.gap()) {
            gap = Json.object("last_event_id", lastEventId, "oldest_available_id", result.oldestId());
          }
        }
        ClientStream opened = new ClientStream(context, clientId, principal, tracker, clock.instant(), joinedAt,
            journal.head(), messages, gap);
        previous[0] = streams.register(opened);
        return opened;
      });
    } catch (RuntimeException | Error e) {
      tracker.detach(clock.instant()); // no stream was opened: the tracker must not stay attached
      streams.unreserve(principal);
      throw e;
    }
    if (previous[0] != null) {
      previous[0].close(ClientStream.CloseReason.REPLACED);
    }
    streams.arrived();
    return stream;
  }
}
