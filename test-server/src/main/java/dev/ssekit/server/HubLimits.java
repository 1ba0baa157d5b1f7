package dev.ssekit.server;

/**
 * The hub's bounds per principal and in total (PROTOCOL.md clause 24): immutable, built with
 * {@link #builder()}. A connect past a principal's bound is refused with {@code 429}, past the hub's with
 * {@code 503} {@code HUB_FULL}; the one principal of an open hub (everyone) has only the hub's bounds.
 */
public final class HubLimits {

  private final int streamsPerPrincipal;
  private final int clientIdsPerPrincipal;
  private final int clientIds;
  private final int fileReserve;
  private final long openFileLimit;

  private HubLimits(Builder b) {
    this.streamsPerPrincipal = b.streamsPerPrincipal;
    this.clientIdsPerPrincipal = b.clientIdsPerPrincipal;
    this.clientIds = b.clientIds;
    this.fileReserve = b.fileReserve;
    this.openFileLimit = b.openFileLimit;
  }

  /** A builder with every default. */
  public static Builder builder() {
    return new Builder();
  }

  /** The defaults: 10,000 streams and 10,000 client ids per principal, 100,000 client ids, 32 files kept. */
  public static HubLimits defaults() {
    return builder().build();
  }

  /** Open streams one principal may hold at once (default 10,000); one more gets 429 {@code TOO_MANY_STREAMS}. */
  public int streamsPerPrincipal() {
    return streamsPerPrincipal;
  }

  /**
   * Client ids (trackers) one principal may own at once (default 10,000); a connect with one more gets 429
   * {@code TOO_MANY_CLIENT_IDS}. An id stops counting when its tracker expires (clause 17).
   */
  public int clientIdsPerPrincipal() {
    return clientIdsPerPrincipal;
  }

  /** Client ids (trackers) the hub holds in total (default 100,000); one more gets 503 {@code HUB_FULL}. */
  public int clientIds() {
    return clientIds;
  }

  /**
   * Open files kept free for everything but streams, the admin API above all (default 32): a stream that
   * would leave fewer free gets 503 {@code HUB_FULL}, so the hub never runs out of descriptors.
   */
  public int fileReserve() {
    return fileReserve;
  }

  /** The open-file limit the reserve is counted from; 0 (the default) reads the process's own limit. */
  public long openFileLimit() {
    return openFileLimit;
  }

  /** Builds {@link HubLimits}; every setter checks its argument. Not thread-safe. */
  public static final class Builder {
    private int streamsPerPrincipal = 10_000;
    private int clientIdsPerPrincipal = 10_000;
    private int clientIds = 100_000;
    private int fileReserve = 32;
    private long openFileLimit = 0;

    private Builder() {}

    /** Open streams per principal (default 10,000). */
    public Builder streamsPerPrincipal(int n) {
      this.streamsPerPrincipal = positive("streamsPerPrincipal", n);
      return this;
    }

    /** Client ids per principal (default 10,000). */
    public Builder clientIdsPerPrincipal(int n) {
      this.clientIdsPerPrincipal = positive("clientIdsPerPrincipal", n);
      return this;
    }

    /** Client ids in total (default 100,000). */
    public Builder clientIds(int n) {
      this.clientIds = positive("clientIds", n);
      return this;
    }

    /** Open files kept free for the admin API and other requests (default 32; 0 keeps none). */
    public Builder fileReserve(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("fileReserve must be >= 0, was " + n);
      }
      this.fileReserve = n;
      return this;
    }

    /** The open-file limit to count the reserve from (default 0: the process's own). */
    public Builder openFileLimit(long n) {
      if (n < 0) {
        throw new IllegalArgumentException("openFileLimit must be >= 0, was " + n);
      }
      this.openFileLimit = n;
      return this;
    }

    /** Builds the limits. */
    public HubLimits build() {
      return new HubLimits(this);
    }

    private static int positive(String name, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be >= 1, was " + value);
      }
      return value;
    }
  }
}
