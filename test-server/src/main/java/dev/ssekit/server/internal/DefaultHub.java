package dev.ssekit.server.internal;

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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The hub. A publish takes the publish lock only to number the message, append it to the buffer and the
 * journal; waking the streams (the fan-out) happens after, lock-free. A connect takes the same lock to
 * snapshot the replay and set its journal cursor at once, so replay and live meet with no gap and no
 * duplicate (clause 13).
 */
public final class DefaultHub implements Hub {

  private final HubConfig config;
  private final Clock clock;
  private final SseFrames frames = new SseFrames(Json.MAPPER);
  private final HubIds ids = new HubIds();
  private final Journal journal;
  private final MessageBuffer buffer;
  private final DefaultDeliveryManager deliveryManager;
  private final ReentrantLock publishLock = new ReentrantLock();
  /** Guarded by publishLock. */
  private long lastSeq;
  private final IdOrder idOrder;
  private final StreamRegistry streams = new StreamRegistry();
  private final LongAdder published = new LongAdder();
  private final LongAdder slowConsumerDisconnects = new LongAdder();
  private final LongAdder authFailures = new LongAdder();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final ScheduledExecutorService sweeper;
  private final long heartbeatNanos;
  private volatile TokenValidator tokenValidator;
  private volatile EncryptedTokenValidator encryptedTokenValidator;
  private volatile CryptoManager cryptoManager;

  public DefaultHub(HubConfig config) {
    this.config = config;
    this.clock = config.clock();
    this.journal = new Journal(config.clientQueueCapacity());
    this.buffer = config.messageBuffer() != null
        ? config.messageBuffer()
        : MessageBuffer.inMemory(config.bufferSize(), config.bufferTtl(), clock);
    this.deliveryManager = new DefaultDeliveryManager(this::orderOf, clock);
    this.idOrder = new IdOrder(ids, Math.max(config.bufferSize(), config.clientQueueCapacity()));
    this.heartbeatNanos = config.heartbeatInterval().toNanos();
    this.tokenValidator = config.tokenValidator();
    this.encryptedTokenValidator = config.encryptedTokenValidator();
    this.cryptoManager = config.cryptoManager();
    this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ssekit-hub-sweeper");
      t.setDaemon(true);
      return t;
    });
    long period = Math.max(10, Math.min(config.heartbeatInterval().toMillis(), 5_000));
    sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
  }

  // ---- publishing -------------------------------------------------------------------------------------

  @Override
  public String broadcast(Message message) {
    return publish(message, null);
  }

  @Override
  public String sendToClient(String clientId, Message message) {
    if (clientId == null || clientId.isEmpty()) {
      throw new IllegalArgumentException("clientId is required");
    }
    if (!streams.isConnected(clientId) && !deliveryManager.isKnown(clientId)) {
      throw new UnknownClientException(clientId);
    }
    return publish(message, clientId);
  }

  private String publish(Message message, String recipient) {
    if (message == null) {
      throw new IllegalArgumentException("message == null");
    }
    ensureRunning();
    String data = frames.dataToWire(message.data());
    byte[] body = frames.body(message.event(), data, message.retry());
    Instant now = clock.instant();
    String id;
    publishLock.lock();
    try {
      ensureRunning();
      long seq = ++lastSeq;
      id = message.id() != null ? message.id() : ids.idFor(seq);
      if (message.id() != null) {
        idOrder.chosen(id, seq);
      }
      buffer.addMessage(new BufferedMessage(id, message.event(), data, now, message.retry(), null, recipient));
      journal.append(new Journal.Entry(seq, id, recipient, frames.withId(id, body)));
    } finally {
      publishLock.unlock();
    }
    published.increment();
    fanOut();
    return id;
  }

  /** Wakes every stream; a stream that has fallen a whole queue behind is disconnected instead. */
  private void fanOut() {
    for (ClientStream stream : streams.connected()) {
      if (journal.isOverrun(stream.cursor())) {
        slowConsumer(stream);
      } else {
        stream.wake();
      }
    }
  }

  private void ensureRunning() {
    if (stopped.get()) {
      throw new IllegalStateException("hub is stopped");
    }
  }

  /** The publish order of an id this run issued, or -1. */
  long orderOf(String id) {
    long last;
    publishLock.lock();
    try {
      last = lastSeq;
    } finally {
      publishLock.unlock();
    }
    return idOrder.of(id, last);
  }

  // ---- streams ----------------------------------------------------------------------------------------

  /**
   * Registers a stream for this client, replacing any earlier one (clause 7), with its replay snapshot
   * taken at the same instant as its journal cursor.
   *
   * @throws IllegalStateException if the hub is stopped
   */
  public ClientStream connect(String clientId, String lastEventId) {
    DefaultDeliveryTracker tracker = deliveryManager.registerClient(clientId);
    ClientStream stream;
    ClientStream previous;
    publishLock.lock();
    try {
      ensureRunning();
      List<BufferedMessage> replay = Collections.emptyList();
      Map<String, Object> gap = null;
      if (lastEventId != null) {
        Optional<List<BufferedMessage>> since = buffer.getMessagesSince(lastEventId);
        if (since.isPresent()) {
          replay = since.get();
        } else {
          replay = buffer.getMessages();
          gap = Json.object("last_event_id", lastEventId, "oldest_available_id", buffer.oldestId().orElse(null));
        }
      }
      stream = new ClientStream(this, clientId, tracker, clock.instant(), journal.head(),
          visibleTo(clientId, replay), gap);
      previous = streams.register(stream);
    } finally {
      publishLock.unlock();
    }
    if (previous != null) {
      previous.close(ClientStream.CloseReason.REPLACED);
    }
    return stream;
  }

  private static List<BufferedMessage> visibleTo(String clientId, List<BufferedMessage> messages) {
    List<BufferedMessage> out = new ArrayList<>(messages.size());
    for (BufferedMessage m : messages) {
      if (m.isVisibleTo(clientId)) {
        out.add(m);
      }
    }
    return out;
  }

  /** Called by a stream's thread as it begins to end: it no longer counts as connected. */
  void unregister(ClientStream stream) {
    streams.unregister(stream);
    stream.tracker().seen(clock.instant());
  }

  /** Called by a stream's thread when it has ended, connection closed. */
  void ended(ClientStream stream) {
    streams.ended(stream);
  }

  void slowConsumer(ClientStream stream) {
    if (stream.close(ClientStream.CloseReason.SLOW_CONSUMER)) {
      slowConsumerDisconnects.increment();
    }
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

  SseFrames frames() {
    return frames;
  }

  Journal journal() {
    return journal;
  }

  long heartbeatNanos() {
    return heartbeatNanos;
  }

  byte[] connectedFrame(String clientId) {
    return frames.control("connected", Json.object("client_id", clientId, "timestamp", clock.millis()),
        (int) Math.min(Integer.MAX_VALUE, config.retryHint().toMillis()));
  }

  byte[] heartbeatFrame() {
    return frames.control("heartbeat", Json.object("timestamp", clock.millis()), null);
  }

  byte[] frameOf(BufferedMessage m) {
    return frames.withId(m.id(), frames.body(m.event(), m.data(), m.retry()));
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

  public Missed missed(String clientId, String lastReceivedId) {
    if (lastReceivedId == null) {
      String acked = deliveryManager.getClientTracker(clientId).map(t -> t.lastAckedId()).orElse(null);
      return new Missed(buffer.getUndeliveredMessages(clientId, acked), false);
    }
    Optional<List<BufferedMessage>> since = buffer.getMessagesSince(lastReceivedId);
    return new Missed(visibleTo(clientId, since.orElseGet(buffer::getMessages)), since.isEmpty());
  }

  /**
   * Records an ack (clause 17).
   *
   * @throws IllegalArgumentException if the hub did not issue the id
   */
  public boolean acknowledge(String clientId, String messageId) {
    return deliveryManager.updateClientAcknowledgment(clientId, messageId);
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
    this.tokenValidator = validator;
  }

  @Override
  public void setEncryptedTokenValidator(EncryptedTokenValidator validator) {
    this.encryptedTokenValidator = validator;
  }

  @Override
  public void setCryptoManager(CryptoManager manager) {
    this.cryptoManager = manager;
  }

  public TokenValidator tokenValidator() {
    return tokenValidator;
  }

  public EncryptedTokenValidator encryptedTokenValidator() {
    return encryptedTokenValidator;
  }

  public CryptoManager cryptoManager() {
    return cryptoManager;
  }

  public void recordAuthFailure() {
    authFailures.increment();
  }

  @Override
  public List<ClientInfo> clients() {
    List<ClientInfo> out = new ArrayList<>();
    long head = journal.head();
    for (ClientStream s : streams.connected()) {
      DefaultDeliveryTracker t = s.tracker();
      out.add(new ClientInfo(s.clientId(), s.connectedSince(), t.lastSentId(), t.lastAckedId(),
          Math.max(0, head - s.cursor())));
    }
    return out;
  }

  @Override
  public HubStats stats() {
    return new HubStats(streams.count(), published.sum(), buffer.getSize(), slowConsumerDisconnects.sum(),
        authFailures.sum());
  }

  @Override
  public HubConfig config() {
    return config;
  }

  // ---- housekeeping and lifecycle ---------------------------------------------------------------------

  private void sweep() {
    try {
      buffer.sweep();
      deliveryManager.forgetAbsentSince(clock.instant().minus(config.bufferTtl()), streams::isConnected);
      long now = System.nanoTime();
      for (ClientStream s : streams.connected()) {
        long started = s.writeStartedNanos();
        if (started != 0 && now - started > 2 * heartbeatNanos) {
          slowConsumer(s); // a write stuck for two heartbeats: the client reads nothing
        }
      }
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(DefaultHub.class).warn("sweep failed", e);
    }
  }

  @Override
  public void stop() {
    publishLock.lock();
    try {
      if (!stopped.compareAndSet(false, true)) {
        return;
      }
    } finally {
      publishLock.unlock();
    }
    sweeper.shutdownNow();
    streams.closeAll(500);
    try {
      sweeper.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean isStopped() {
    return stopped.get();
  }
}
