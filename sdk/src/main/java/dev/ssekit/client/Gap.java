package dev.ssekit.client;

/**
 * The hub could not resume from the id the client sent (it was evicted, expired, or from an earlier run):
 * events between that id and {@link #oldestAvailableId()} may be lost. What the hub still had is replayed
 * right after. Immutable.
 */
public final class Gap {

  private final String lastEventId;
  private final String oldestAvailableId;

  /** A gap after {@code lastEventId}; the hub's oldest id was {@code oldestAvailableId} (may be null). */
  public Gap(String lastEventId, String oldestAvailableId) {
    this.lastEventId = lastEventId;
    this.oldestAvailableId = oldestAvailableId;
  }

  /** The id the client resumed from. */
  public String lastEventId() {
    return lastEventId;
  }

  /** The oldest id the hub still had, or {@code null} if it had none. */
  public String oldestAvailableId() {
    return oldestAvailableId;
  }

  @Override
  public String toString() {
    return "Gap{lastEventId=" + lastEventId + ", oldestAvailableId=" + oldestAvailableId + "}";
  }
}
