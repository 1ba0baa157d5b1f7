package dev.ssekit.client;

/** The default store: two volatile fields. */
final class InMemoryLastEventIdStore implements LastEventIdStore {

  private volatile String lastEventId;
  private volatile String clientId;

  @Override
  public String lastEventId() {
    return lastEventId;
  }

  @Override
  public void saveLastEventId(String id) {
    this.lastEventId = id;
  }

  @Override
  public String clientId() {
    return clientId;
  }

  @Override
  public void saveClientId(String clientId) {
    this.clientId = clientId;
  }
}
