package dev.ssekit.server.internal;

import com.sun.net.httpserver.HttpHandler;
import dev.ssekit.server.BufferedMessage;
import dev.ssekit.server.ClientDeliveryManager;
import dev.ssekit.server.ClientInfo;
import dev.ssekit.server.CryptoManager;
import dev.ssekit.server.EncryptedTokenValidator;
import dev.ssekit.server.Hub;
import dev.ssekit.server.HubConfig;
import dev.ssekit.server.HubStats;
import dev.ssekit.server.Message;
import dev.ssekit.server.MessageBuffer;
import dev.ssekit.server.TokenValidator;
import dev.ssekit.server.UnknownClientException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The hub, assembled from one class per job: {@link Publisher} (numbering, buffer, journal, fan-out),
 * {@link StreamOpener} (connecting and replay), {@link StreamRegistry} (open streams, slow consumers),
 * {@link ClientStream} (one stream's writer), {@link SseFrames} (encoding), {@link Validators},
 * {@link DefaultDeliveryManager} (trackers and their owners) and {@link Housekeeping} (sweeping). This class
 * only wires them and answers the {@link Hub} API.
 */
public final class DefaultHub implements Hub {

  private final HubConfig config;
  private final Clock clock;
  private final MessageBuffer buffer;
  private final DefaultDeliveryManager deliveryManager;
  private final StreamRegistry streams;
  private final Journal journal;
  private final Publisher publisher;
  private final ReplayRule replay;
  private final StreamOpener opener;
  private final Validators validators;
  private final Housekeeping housekeeping;
  private final LongAdder authFailures = new LongAdder();
  private final ConnectFaults connectFaults = new ConnectFaults();
  private final HttpHandler handler;

  /**
   * @param httpFront makes the HTTP handler for this hub (the HTTP layer depends on the hub, not the reverse)
   */
  public DefaultHub(HubConfig config, Function<DefaultHub, HttpHandler> httpFront) {
    this.config = config;
    this.clock = config.clock();
    this.buffer = config.messageBuffer() != null
        ? config.messageBuffer()
        : config.journal() != null
            ? new FileJournalBuffer(config.journal(), config.bufferSize(), config.bufferTtl(), clock)
            : MessageBuffer.inMemory(config.bufferSize(), config.bufferTtl(), clock);
    this.journal = new Journal(config.clientQueueCapacity());
    this.streams = new StreamRegistry(clock, config.limits().streamsPerPrincipal());
    SseFrames frames = new SseFrames(Json.MAPPER, clock,
        (int) Math.min(Integer.MAX_VALUE, config.retryHint().toMillis()));
    this.publisher = new Publisher(buffer, journal, frames, streams, clock,
        Math.max(config.bufferSize(), config.clientQueueCapacity()), this::trackerOf);
    this.deliveryManager = new DefaultDeliveryManager(publisher, clock,
        config.limits().clientIdsPerPrincipal(), config.limits().clientIds());
    this.replay = new ReplayRule(publisher, buffer);
    long heartbeatNanos = config.heartbeatInterval().toNanos();
    this.opener = new StreamOpener(publisher, replay, journal, deliveryManager, streams,
        new StreamContext(frames, journal, publisher::orderOf, heartbeatNanos, streams),
        new FileBudget(config.limits().openFileLimit(), config.limits().fileReserve()), clock);
    this.validators = new Validators(config);
    this.housekeeping = new Housekeeping(Math.max(10, Math.min(config.heartbeatInterval().toMillis(), 5_000)));
    housekeeping.add(buffer::sweep);
    housekeeping.add(() -> {
      Instant now = clock.instant();
      deliveryManager.forgetAbsent(now.minus(config.bufferTtl()), now.minus(config.unackedTrackerTtl()));
    });
    // A write stuck for two heartbeats: the client reads nothing (clause 18). A closing stream gets a second.
    housekeeping.add(() -> streams.dropStuck(2 * heartbeatNanos));
    this.handler = httpFront.apply(this);
  }

  /** The tracker of a client id, or null; for the publisher, which is made before the delivery manager. */
  private DefaultDeliveryTracker trackerOf(String clientId) {
    return deliveryManager.tracker(clientId);
  }

  // ---- publishing -------------------------------------------------------------------------------------

  @Override
  public String broadcast(Message message) {
    return publisher.publish(message, null);
  }

  @Override
  public String sendToClient(String clientId, Message message) {
    if (clientId == null || clientId.isEmpty()) {
      throw new IllegalArgumentException("clientId is required");
    }
    if (!streams.isConnected(clientId) && !deliveryManager.isKnown(clientId)) {
      throw new UnknownClientException(clientId);
    }
    return publisher.publish(message, clientId);
  }

  // ---- streams ----------------------------------------------------------------------------------------

  /**
   * Opens a stream for this principal's client id (clauses 7, 13).
   *
   * @throws ForeignClientIdException if another principal owns the client id
   * @throws HubLimitException if a bound of clause 24 was reached
   * @throws IllegalStateException if the hub is stopped
   */
  public ClientStream connect(String principal, String clientId, String lastEventId) {
    return opener.connect(principal, clientId, lastEventId);
  }

  /** Injects a fault into one client's stream, or every stream when {@code clientId} is null. */
  public int injectFault(String clientId, StreamFault fault) {
    if (clientId != null) {
      ClientStream stream = streams.get(clientId);
      if (stream == null) {
        return 0;
      }
      stream.inject(fault);
      return 1;
    }
    int n = 0;
    for (ClientStream stream : streams.connected()) {
      stream.inject(fault);
      n++;
    }
    return n;
  }

  /** The pending "reject the next connects" fault (clause 20). */
  public ConnectFaults connectFaults() {
    return connectFaults;
  }

  /**
   * Waits until a stream of this client id is connected and not closing.
   *
   * @return whether it is, before the timeout
   */
  public boolean awaitClient(String clientId, java.time.Duration timeout) throws InterruptedException {
    return streams.awaitOpen(clientId, timeout.toNanos());
  }

  // ---- reading state ----------------------------------------------------------------------------------

  @Override
  public int getClientCount() {
    return streams.count();
  }

  @Override
  public List<BufferedMessage> getMissedMessages(String clientId, String lastReceivedId) {
    return missed(clientId, lastReceivedId).messages();
  }

  /** Missed messages, and whether {@code lastReceivedId} was unknown (so everything held was returned). */
  public record Missed(List<BufferedMessage> messages, boolean gap) {}

  /**
   * The missed messages of a client (clause 16), by the same {@link ReplayRule} as the stream's replay. A client
   * id the hub has no tracker for sees broadcasts only, and a tracker made anew for an id sees no private
   * message sent before it: private messages to a forgotten client id reach no one. Without
   * {@code lastReceivedId}: what follows the client's last ack (all it may see if it never acked), never a gap.
   */
  public Missed missed(String clientId, String lastReceivedId) {
    return missed(deliveryManager.tracker(clientId), lastReceivedId);
  }

  /**
   * {@link #missed(String, String)} asked by a principal. Ownership is judged on the very tracker the answer is
   * read from, so a client id that another principal claims in between is never read for this one (clause 23).
   *
   * @throws ForeignClientIdException if another principal owns the client id
   */
  public Missed missed(String principal, String clientId, String lastReceivedId) {
    return missed(ownedTracker(principal, clientId), lastReceivedId);
  }

  private Missed missed(DefaultDeliveryTracker tracker, String lastReceivedId) {
    if (lastReceivedId == null) {
      String acked = tracker == null ? null : tracker.lastAckedId();
      ReplayRule.Result all = acked == null ? replay.all(tracker) : replay.after(tracker, acked);
      return new Missed(all.messages(), false);
    }
    ReplayRule.Result result = replay.after(tracker, lastReceivedId);
    return new Missed(result.messages(), result.gap());
  }

  /**
   * The tracker of the client id (null: none) if this principal may read or ack for it: it owns it, or nobody
   * does. A tracker's owner never changes once set, so what is judged here holds for every use of the tracker.
   *
   * @throws ForeignClientIdException if another principal owns the client id
   */
  private DefaultDeliveryTracker ownedTracker(String principal, String clientId) {
    DefaultDeliveryTracker tracker = deliveryManager.tracker(clientId);
    if (tracker != null && !tracker.isOwnedBy(principal)) {
      throw new ForeignClientIdException(streams.isConnected(clientId));
    }
    return tracker;
  }

  /**
   * Records a principal's ack (clause 17), on the tracker whose ownership was judged (clause 23).
   *
   * @throws ForeignClientIdException if another principal owns the client id
   * @throws UnknownClientException if the hub has no tracker for the client
   * @throws IllegalArgumentException if the hub did not issue the id
   */
  public boolean acknowledge(String principal, String clientId, String messageId) {
    return deliveryManager.acknowledge(ownedTracker(principal, clientId), clientId, messageId);
  }

  @Override
  public MessageBuffer getMessageBuffer() {
    return buffer;
  }

  @Override
  public ClientDeliveryManager getDeliveryManager() {
    return deliveryManager;
  }

  @Override
  public void setTokenValidator(TokenValidator validator) {
    validators.tokenValidator(validator);
  }

  @Override
  public void setEncryptedTokenValidator(EncryptedTokenValidator validator) {
    validators.encryptedTokenValidator(validator);
  }

  @Override
  public void setCryptoManager(CryptoManager manager) {
    validators.cryptoManager(manager);
  }

  /** The validators in force. */
  public Validators validators() {
    return validators;
  }

  /** Counts a request refused with 401, 403 or 429 (clause 19). */
  public void recordAuthFailure() {
    authFailures.increment();
  }

  /** Runs a chore on the hub's housekeeping thread, every round, until the hub stops. */
  public void addHousekeeping(Runnable chore) {
    housekeeping.add(chore);
  }

  /**
   * Runs one housekeeping round now (buffer and tracker sweeps, stuck writes) and waits for it, on the hub's
   * housekeeping thread.
   *
   * @throws IllegalStateException if the hub is stopped
   */
  public void runHousekeeping() {
    housekeeping.runNow();
  }

  @Override
  public HttpHandler handler() {
    return handler;
  }

  @Override
  public List<ClientInfo> clients() {
    List<ClientInfo> out = new ArrayList<>();
    long head = journal.head();
    for (ClientStream s : streams.connected()) {
      if (s.isClosing()) {
        continue;
      }
      DefaultDeliveryTracker t = s.tracker();
      out.add(new ClientInfo(s.clientId(), s.connectedSince(), t.lastSentId(), t.lastAckedId(),
          Math.max(0, head - s.cursor())));
    }
    return out;
  }

  @Override
  public HubStats stats() {
    return new HubStats(streams.count(), publisher.published(), buffer.getSize(),
        streams.slowConsumerDisconnects(), authFailures.sum());
  }

  /** The event types published since start, sorted (at most 100), for the console (clause 19). */
  public List<String> eventTypes() {
    return publisher.eventTypes();
  }

  @Override
  public HubConfig config() {
    return config;
  }

  // ---- lifecycle --------------------------------------------------------------------------------------

  @Override
  public void stop() {
    if (!publisher.stop()) {
      return;
    }
    housekeeping.stop();
    streams.closeAll(500);
    if (buffer instanceof FileJournalBuffer journaled) {
      journaled.close(); // the hub made it, so the hub releases its file
    }
  }

  @Override
  public boolean isStopped() {
    return publisher.isStopped();
  }
}
