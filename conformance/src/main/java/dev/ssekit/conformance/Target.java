package dev.ssekit.conformance;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The hub under test and what the suite may use on it: tokens, the admin API, the hub's limits, and whether it
 * may be disrupted (locked out by the rate limiter, then stopped). Immutable; build one with {@link #builder(URI)}.
 * A check whose needs are not given here is skipped, and its reason names the option that would run it.
 */
public final class Target {

  /** Stops the hub under test (the suite's last, disruptive check). */
  @FunctionalInterface
  public interface Stopper {
    /** Stops the hub; returns once the stop was requested. Called on the suite's thread. */
    void stop() throws Exception;
  }

  private final URI base;
  private final String token;
  private final String invalidToken;
  private final String otherToken;
  private final URI adminBase;
  private final String adminToken;
  private final Duration heartbeatTimeout;
  private final String encryptionPassphrase;
  private final boolean disruptive;
  private final Stopper stopper;
  private final Path hubLog;
  private final Integer bufferSize;
  private final Duration bufferTtl;
  private final Integer clientQueue;
  private final int authFailureLimit;
  private final Duration authFailureWindow;
  private final Duration trackerTtl;
  private final int maxBodyBytes;
  private final String origin;
  private final String boundsToken;
  private final Integer streamsPerPrincipal;
  private final Integer clientIdsPerPrincipal;

  /**
   * A target with the basic options only (no disruptive checks, limits unknown).
   *
   * @param base the hub's base URL, e.g. {@code http://127.0.0.1:8000}
   * @param token a valid client token, or null for an open hub
   * @param invalidToken a token the hub must refuse, or null to skip the checks that need one
   * @param adminBase the admin API's base URL, or null to skip the checks that publish
   * @param adminToken the admin token
   * @param heartbeatTimeout how long to wait for a heartbeat
   */
  public Target(URI base, String token, String invalidToken, URI adminBase, String adminToken,
      Duration heartbeatTimeout) {
    this(builder(base).token(token).invalidToken(invalidToken).admin(adminBase, adminToken)
        .heartbeatTimeout(heartbeatTimeout));
  }

  private Target(Builder b) {
    this.base = b.base;
    this.token = b.token;
    this.invalidToken = b.invalidToken;
    this.otherToken = b.otherToken;
    this.adminBase = b.adminBase;
    this.adminToken = b.adminToken;
    this.heartbeatTimeout = b.heartbeatTimeout;
    this.encryptionPassphrase = b.encryptionPassphrase;
    this.disruptive = b.disruptive;
    this.stopper = b.stopper;
    this.hubLog = b.hubLog;
    this.bufferSize = b.bufferSize;
    this.bufferTtl = b.bufferTtl;
    this.clientQueue = b.clientQueue;
    this.authFailureLimit = b.authFailureLimit;
    this.authFailureWindow = b.authFailureWindow;
    this.trackerTtl = b.trackerTtl;
    this.maxBodyBytes = b.maxBodyBytes;
    this.origin = b.origin;
    this.boundsToken = b.boundsToken;
    this.streamsPerPrincipal = b.streamsPerPrincipal;
    this.clientIdsPerPrincipal = b.clientIdsPerPrincipal;
  }

  /** A builder for a hub at this base URL. */
  public static Builder builder(URI base) {
    return new Builder(base);
  }

  /** A builder holding this target's options, to change some. */
  public Builder toBuilder() {
    Builder b = new Builder(base).token(token).invalidToken(invalidToken).otherToken(otherToken)
        .admin(adminBase, adminToken).heartbeatTimeout(heartbeatTimeout).encryptionPassphrase(encryptionPassphrase)
        .disruptive(disruptive, stopper).hubLog(hubLog).authFailureLimit(authFailureLimit)
        .authFailureWindow(authFailureWindow).trackerTtl(trackerTtl).maxBodyBytes(maxBodyBytes).origin(origin);
    b.bufferSize = bufferSize;
    b.bufferTtl = bufferTtl;
    b.clientQueue = clientQueue;
    b.boundsToken = boundsToken;
    b.streamsPerPrincipal = streamsPerPrincipal;
    b.clientIdsPerPrincipal = clientIdsPerPrincipal;
    return b;
  }

  /** The hub's base URL. */
  public URI base() {
    return base;
  }

  /** The stream endpoint, {@code /v1/sse}. */
  public URI stream() {
    return base.resolve("/v1/sse");
  }

  /** A valid client token, or null for an open hub. */
  public String token() {
    return token;
  }

  /** A token the hub must refuse, or null. */
  public String invalidToken() {
    return invalidToken;
  }

  /** A valid token of another principal (clause 23), or null. */
  public String otherToken() {
    return otherToken;
  }

  /** The admin API's base URL, or null. */
  public URI adminBase() {
    return adminBase;
  }

  /** The admin token, or null. */
  public String adminToken() {
    return adminToken;
  }

  /** Whether the admin API was given (the checks that publish need it). */
  public boolean hasAdmin() {
    return adminBase != null && adminToken != null;
  }

  /** How long to wait for a heartbeat. */
  public Duration heartbeatTimeout() {
    return heartbeatTimeout;
  }

  /** The hub's encryption passphrase (clause 3), or null. */
  public String encryptionPassphrase() {
    return encryptionPassphrase;
  }

  /** Whether the suite may lock its own address out (clause 4) and stop the hub (clause 21). */
  public boolean disruptive() {
    return disruptive;
  }

  /** How to stop the hub, or null. */
  public Stopper stopper() {
    return stopper;
  }

  /** The hub's log file (clause 5), or null. */
  public Path hubLog() {
    return hubLog;
  }

  /** The hub's buffer size (clause 12), or null when unknown. */
  public Integer bufferSize() {
    return bufferSize;
  }

  /** The hub's buffer TTL (clause 12), or null when unknown. */
  public Duration bufferTtl() {
    return bufferTtl;
  }

  /** How far a client may fall behind (clause 18), or null when unknown. */
  public Integer clientQueue() {
    return clientQueue;
  }

  /** Failed attempts that lock an address out (clause 4). */
  public int authFailureLimit() {
    return authFailureLimit;
  }

  /** The time in which the rate limiter's bucket empties by {@link #authFailureLimit} failures (clause 4). */
  public Duration authFailureWindow() {
    return authFailureWindow;
  }

  /** How long the hub keeps the tracker of a client that never acked after it left (clause 17), or null. */
  public Duration trackerTtl() {
    return trackerTtl;
  }

  /** The hub's body limit (clause 22). */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /** The {@code Origin} the CORS checks send (one the hub allows). */
  public String origin() {
    return origin;
  }

  /** A valid token of a principal that no other check uses, for clause 24; null when not given. */
  public String boundsToken() {
    return boundsToken;
  }

  /** The hub's bound of open streams per principal (clause 24); null when unknown. */
  public Integer streamsPerPrincipal() {
    return streamsPerPrincipal;
  }

  /** The hub's bound of client ids per principal (clause 24); null when unknown. */
  public Integer clientIdsPerPrincipal() {
    return clientIdsPerPrincipal;
  }

  /** Builds a {@link Target}. Not thread-safe. */
  public static final class Builder {
    private URI base;
    private String token;
    private String invalidToken;
    private String otherToken;
    private URI adminBase;
    private String adminToken;
    private Duration heartbeatTimeout = Duration.ofSeconds(35);
    private String encryptionPassphrase;
    private boolean disruptive;
    private Stopper stopper;
    private Path hubLog;
    private Integer bufferSize;
    private Duration bufferTtl;
    private Integer clientQueue;
    private int authFailureLimit = 20;
    private Duration authFailureWindow = Duration.ofSeconds(60);
    private Duration trackerTtl;
    private int maxBodyBytes = 1 << 20;
    private String origin = "https://conformance.example";
    private String boundsToken;
    private Integer streamsPerPrincipal;
    private Integer clientIdsPerPrincipal;

    private Builder(URI base) {
      this.base = Objects.requireNonNull(base, "base == null");
    }

    /**
     * Points the target at another address serving the same hub (e.g. a proxy in front of it): the base URL, and
     * the admin URL when one was given.
     */
    public Builder rebase(URI newBase) {
      this.base = Objects.requireNonNull(newBase, "newBase == null");
      if (adminBase != null) {
        this.adminBase = newBase;
      }
      return this;
    }

    /** A valid client token; null (the default) for an open hub. */
    public Builder token(String token) {
      this.token = token;
      return this;
    }

    /** A token the hub must refuse. */
    public Builder invalidToken(String token) {
      this.invalidToken = token;
      return this;
    }

    /** A valid token of another principal, for clause 23. */
    public Builder otherToken(String token) {
      this.otherToken = token;
      return this;
    }

    /** The admin API's base URL and token. */
    public Builder admin(URI adminBase, String adminToken) {
      this.adminBase = adminBase;
      this.adminToken = adminToken;
      return this;
    }

    /** How long to wait for a heartbeat (default 35 s). */
    public Builder heartbeatTimeout(Duration timeout) {
      this.heartbeatTimeout = Objects.requireNonNull(timeout, "heartbeatTimeout == null");
      return this;
    }

    /** The hub's passphrase for encrypted tokens. */
    public Builder encryptionPassphrase(String passphrase) {
      this.encryptionPassphrase = passphrase;
      return this;
    }

    /**
     * Allows the disruptive checks: the rate limit (which locks this address out for a while) and, when a
     * stopper is given, the stop.
     */
    public Builder disruptive(boolean disruptive, Stopper stopper) {
      this.disruptive = disruptive;
      this.stopper = stopper;
      return this;
    }

    /** The hub's log file, read by the token-logging check. */
    public Builder hubLog(Path log) {
      this.hubLog = log;
      return this;
    }

    /** The hub's buffer size and TTL (either may be null: read from {@code /v1/admin/stats} if it says). */
    public Builder buffer(Integer size, Duration ttl) {
      if (size != null && size < 1) {
        throw new IllegalArgumentException("buffer size < 1: " + size);
      }
      this.bufferSize = size;
      this.bufferTtl = ttl;
      return this;
    }

    /** How far a client may fall behind before it is disconnected. */
    public Builder clientQueue(Integer messages) {
      if (messages != null && messages < 1) {
        throw new IllegalArgumentException("client queue < 1: " + messages);
      }
      this.clientQueue = messages;
      return this;
    }

    /** Failed attempts that lock an address out (default 20). */
    public Builder authFailureLimit(int limit) {
      if (limit < 1) {
        throw new IllegalArgumentException("auth failure limit < 1: " + limit);
      }
      this.authFailureLimit = limit;
      return this;
    }

    /** The time in which the limiter's bucket empties by the failure limit (default 60 s). */
    public Builder authFailureWindow(Duration window) {
      Objects.requireNonNull(window, "authFailureWindow == null");
      if (window.isZero() || window.isNegative()) {
        throw new IllegalArgumentException("auth failure window <= 0: " + window);
      }
      this.authFailureWindow = window;
      return this;
    }

    /**
     * How long the hub keeps the tracker of a client that never acked after it left ({@code unackedTrackerTtl});
     * null (the default) when unknown.
     */
    public Builder trackerTtl(Duration ttl) {
      if (ttl != null && (ttl.isZero() || ttl.isNegative())) {
        throw new IllegalArgumentException("tracker TTL <= 0: " + ttl);
      }
      this.trackerTtl = ttl;
      return this;
    }

    /** The hub's body limit in bytes (default 1 MiB). */
    public Builder maxBodyBytes(int bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("max body bytes < 1: " + bytes);
      }
      this.maxBodyBytes = bytes;
      return this;
    }

    /** The {@code Origin} the CORS checks send (default {@code https://conformance.example}). */
    public Builder origin(String origin) {
      this.origin = Objects.requireNonNull(origin, "origin == null");
      return this;
    }

    /** A valid token of a principal that no other check uses (clause 24 fills its bounds). */
    public Builder boundsToken(String token) {
      this.boundsToken = token;
      return this;
    }

    /** The hub's bounds per principal: open streams and client ids (either may be null: unknown). */
    public Builder principalBounds(Integer streams, Integer clientIds) {
      if (streams != null && streams < 1 || clientIds != null && clientIds < 1) {
        throw new IllegalArgumentException("bounds < 1: " + streams + ", " + clientIds);
      }
      this.streamsPerPrincipal = streams;
      this.clientIdsPerPrincipal = clientIds;
      return this;
    }

    /** The target. */
    public Target build() {
      return new Target(this);
    }
  }
}
