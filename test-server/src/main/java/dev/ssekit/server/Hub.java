package dev.ssekit.server;

import com.sun.net.httpserver.HttpHandler;
import dev.ssekit.server.internal.DefaultHub;
import dev.ssekit.server.internal.http.HttpFront;
import java.util.List;

/**
 * The SSE hub: it publishes messages to connected streams, keeps them in a replay buffer, and tracks what
 * each client was sent and acknowledged. Thread-safe: publish from any thread. See {@code docs/PROTOCOL.md}.
 *
 * <p>A hub serves HTTP through {@link SseTestServer}, or through {@link #handler()} mounted on an
 * application's own {@code HttpServer} or {@code HttpsServer}.
 */
public interface Hub extends AutoCloseable {

  /** A new running hub with this configuration. */
  static Hub create(HubConfig config) {
    return new DefaultHub(config, HttpFront::handlerFor);
  }

  /**
   * Every endpoint of {@code docs/PROTOCOL.md} as one handler, to mount on an application's own
   * {@code com.sun.net.httpserver.HttpServer} or {@code HttpsServer}: {@code server.createContext("/", hub.handler())}
   * (a context path other than {@code /} prefixes every endpoint). Each open stream holds one of the server's
   * threads for its life, so give the server an executor with enough of them (the JDK's default runs
   * everything on one thread). The handler is called on the server's threads; after {@link #stop()} it
   * answers 503 to everything.
   */
  HttpHandler handler();

  /**
   * Sends a message to every connected client and buffers it for replay.
   *
   * @return the message id (the hub assigns one when the message has none)
   * @throws IllegalStateException if the hub is stopped
   */
  String broadcast(Message message);

  /**
   * Sends a message to one client only and buffers it for replay to that client alone (clause 15). A client
   * that is known but offline gets it when it reconnects.
   *
   * @return the message id
   * @throws UnknownClientException if the hub has never seen this client id, or has forgotten it
   * @throws IllegalStateException if the hub is stopped
   */
  String sendToClient(String clientId, Message message);

  /** The number of open streams, not counting one the hub has asked to end (a fault, a stop) that is still leaving. */
  int getClientCount();

  /**
   * The buffered messages this client may see that come after {@code lastReceivedId}; when that is
   * {@code null}, those after the client's last acknowledged id (clause 16).
   */
  List<BufferedMessage> getMissedMessages(String clientId, String lastReceivedId);

  /** The replay buffer. */
  MessageBuffer getMessageBuffer();

  /** The per-client delivery trackers. */
  ClientDeliveryManager getDeliveryManager();

  /** Replaces the plain token validator ({@code null} opens the hub). Applies to later requests. */
  void setTokenValidator(TokenValidator validator);

  /** Replaces the encrypted-token validator. Applies to later requests. */
  void setEncryptedTokenValidator(EncryptedTokenValidator validator);

  /** Replaces the crypto manager for encrypted tokens. Applies to later requests. */
  void setCryptoManager(CryptoManager manager);

  /** The connected clients with their delivery state. */
  List<ClientInfo> clients();

  /** The hub's counters. */
  HubStats stats();

  /** The configuration the hub was created with. */
  HubConfig config();

  /**
   * Stops the hub: closes every stream within a second and ends every hub thread and timer. Idempotent;
   * later publishes throw {@link IllegalStateException} and later connects get 503.
   */
  void stop();

  /** Whether {@link #stop()} was called. */
  boolean isStopped();

  /** Same as {@link #stop()}. */
  @Override
  default void close() {
    stop();
  }
}
