package dev.ssekit.server;

/** Thrown by {@link Hub#sendToClient} when the hub has never seen the client id (or has forgotten it). */
public final class UnknownClientException extends RuntimeException {

  private final String clientId;

  /** The hub does not know {@code clientId}. */
  public UnknownClientException(String clientId) {
    super("unknown client: " + clientId);
    this.clientId = clientId;
  }

  /** The client id that was not found. */
  public String clientId() {
    return clientId;
  }
}
