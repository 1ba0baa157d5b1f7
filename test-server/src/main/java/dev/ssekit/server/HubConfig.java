package dev.ssekit.server;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The hub's configuration: immutable, built with {@link #builder()}. Every setting has the default that
 * {@code docs/PROTOCOL.md} names.
 */
public final class HubConfig {

  private final int bufferSize;
  private final Duration bufferTtl;
  private final Duration unackedTrackerTtl;
  private final Duration heartbeatInterval;
  private final Duration retryHint;
  private final int clientQueueCapacity;
  private final TokenValidator tokenValidator;
  private final EncryptedTokenValidator encryptedTokenValidator;
  private final CryptoManager cryptoManager;
  private final String adminToken;
  private final int authFailureLimit;
  private final Duration authFailureWindow;
  private final int authFailureAddresses;
  private final List<String> corsOrigins;
  private final int maxBodyBytes;
  private final MessageBuffer messageBuffer;
  private final HubLimits limits;
  private final java.nio.file.Path journal;
  private final Clock clock;

  private HubConfig(Builder b) {
    this.bufferSize = b.bufferSize;
    this.bufferTtl = b.bufferTtl;
    this.unackedTrackerTtl = b.unackedTrackerTtl;
    this.heartbeatInterval = b.heartbeatInterval;
    this.retryHint = b.retryHint;
    this.clientQueueCapacity = b.clientQueueCapacity;
    this.tokenValidator = b.tokenValidator;
    this.encryptedTokenValidator = b.encryptedTokenValidator;
    this.cryptoManager = b.cryptoManager;
    this.adminToken = b.adminToken;
    this.authFailureLimit = b.authFailureLimit;
    this.authFailureWindow = b.authFailureWindow;
    this.authFailureAddresses = b.authFailureAddresses;
    this.corsOrigins = List.copyOf(b.corsOrigins);
    this.maxBodyBytes = b.maxBodyBytes;
    this.messageBuffer = b.messageBuffer;
    this.limits = b.limits;
    this.journal = b.journal;
    this.clock = b.clock;
  }

  /** A builder with every default. */
  public static Builder builder() {
    return new Builder();
  }

  /** The defaults: open (no validator), no admin API. */
  public static HubConfig defaults() {
    return builder().build();
  }

  /** A builder holding this configuration, to change a few settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.bufferSize = bufferSize;
    b.bufferTtl = bufferTtl;
    b.unackedTrackerTtl = unackedTrackerTtl;
    b.heartbeatInterval = heartbeatInterval;
    b.retryHint = retryHint;
    b.clientQueueCapacity = clientQueueCapacity;
    b.tokenValidator = tokenValidator;
    b.encryptedTokenValidator = encryptedTokenValidator;
    b.cryptoManager = cryptoManager;
    b.adminToken = adminToken;
    b.authFailureLimit = authFailureLimit;
    b.authFailureWindow = authFailureWindow;
    b.authFailureAddresses = authFailureAddresses;
    b.corsOrigins = new ArrayList<>(corsOrigins);
    b.maxBodyBytes = maxBodyBytes;
    b.messageBuffer = messageBuffer;
    b.limits = limits;
    b.journal = journal;
    b.clock = clock;
    return b;
  }

  /** Messages the default buffer holds at most (default 1000). */
  public int bufferSize() {
    return bufferSize;
  }

  /** How long a buffered message may be replayed (default 24 h); trackers of absent clients live as long. */
  public Duration bufferTtl() {
    return bufferTtl;
  }

  /**
   * How long the tracker of an absent client that never acknowledged anything is kept (default 10 min,
   * never longer than {@link #bufferTtl}); a client that acked keeps its tracker for the buffer's TTL.
   */
  public Duration unackedTrackerTtl() {
    return unackedTrackerTtl.compareTo(bufferTtl) < 0 ? unackedTrackerTtl : bufferTtl;
  }

  /** Time between heartbeats on each stream (default 30 s). */
  public Duration heartbeatInterval() {
    return heartbeatInterval;
  }

  /** The {@code retry:} hint sent with the connected event (default 3 s). */
  public Duration retryHint() {
    return retryHint;
  }

  /** Messages a client may fall behind before it is disconnected as a slow consumer (default 1000). */
  public int clientQueueCapacity() {
    return clientQueueCapacity;
  }

  /** The plain token validator, or {@code null} for an open hub. */
  public TokenValidator tokenValidator() {
    return tokenValidator;
  }

  /** The encrypted-token validator, or {@code null}. */
  public EncryptedTokenValidator encryptedTokenValidator() {
    return encryptedTokenValidator;
  }

  /** The crypto manager for encrypted tokens, or {@code null}. */
  public CryptoManager cryptoManager() {
    return cryptoManager;
  }

  /** The admin token that enables {@code /v1/admin/*}, or {@code null} to disable the admin API. */
  public String adminToken() {
    return adminToken;
  }

  /** Failed auth attempts per remote address in one window before 429 (default 20). */
  public int authFailureLimit() {
    return authFailureLimit;
  }

  /** The window in which failed attempts are counted (default 60 s). */
  public Duration authFailureWindow() {
    return authFailureWindow;
  }

  /**
   * Remote addresses the auth-failure limit remembers at most (default 10,000); past that, the one that failed
   * or was refused least recently is forgotten. An address with no failure on record is never refused.
   */
  public int authFailureAddresses() {
    return authFailureAddresses;
  }

  /** Allowed CORS origins; {@code ["*"]} (the default) allows any. */
  public List<String> corsOrigins() {
    return corsOrigins;
  }

  /** The largest request body accepted (default 1 MiB). */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /** A custom replay buffer, or {@code null} for the in-memory default sized by this config. */
  public MessageBuffer messageBuffer() {
    return messageBuffer;
  }

  /**
   * The file of the persistent buffer, or {@code null} (the default) for a buffer in memory only; see
   * {@link Builder#journal}.
   */
  public java.nio.file.Path journal() {
    return journal;
  }

  /** The bounds per principal and in total (default {@link HubLimits#defaults()}). */
  public HubLimits limits() {
    return limits;
  }

  /** The clock for timestamps, TTLs and rate limits (default UTC system clock). */
  public Clock clock() {
    return clock;
  }

  /** Builds a {@link HubConfig}; every setter checks its argument. Not thread-safe. */
  public static final class Builder {
    private int bufferSize = 1000;
    private Duration bufferTtl = Duration.ofHours(24);
    private Duration unackedTrackerTtl = Duration.ofMinutes(10);
    private Duration heartbeatInterval = Duration.ofSeconds(30);
    private Duration retryHint = Duration.ofSeconds(3);
    private int clientQueueCapacity = 1000;
    private TokenValidator tokenValidator;
    private EncryptedTokenValidator encryptedTokenValidator;
    private CryptoManager cryptoManager;
    private String adminToken;
    private int authFailureLimit = 20;
    private Duration authFailureWindow = Duration.ofSeconds(60);
    private int authFailureAddresses = 10_000;
    private List<String> corsOrigins = new ArrayList<>(List.of("*"));
    private int maxBodyBytes = 1 << 20;
    private MessageBuffer messageBuffer;
    private HubLimits limits = HubLimits.defaults();
    private java.nio.file.Path journal;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Messages the replay buffer holds at most (default 1000). */
    public Builder bufferSize(int size) {
      this.bufferSize = positive("bufferSize", size);
      return this;
    }

    /** How long a message may be replayed (default 24 h). */
    public Builder bufferTtl(Duration ttl) {
      this.bufferTtl = positive("bufferTtl", ttl);
      return this;
    }

    /** How long an absent client that never acked keeps its tracker (default 10 min; capped at the buffer TTL). */
    public Builder unackedTrackerTtl(Duration ttl) {
      this.unackedTrackerTtl = positive("unackedTrackerTtl", ttl);
      return this;
    }

    /** Time between heartbeats (default 30 s; milliseconds are fine in tests). */
    public Builder heartbeatInterval(Duration interval) {
      this.heartbeatInterval = positive("heartbeatInterval", interval);
      return this;
    }

    /** The {@code retry:} hint sent with the connected event (default 3 s). */
    public Builder retryHint(Duration hint) {
      if (hint == null || hint.isNegative()) {
        throw new IllegalArgumentException("retryHint must be >= 0, was " + hint);
      }
      this.retryHint = hint;
      return this;
    }

    /** How far a client may fall behind before it is dropped (default 1000). */
    public Builder clientQueueCapacity(int capacity) {
      this.clientQueueCapacity = positive("clientQueueCapacity", capacity);
      return this;
    }

    /** Requires a valid token on every stream, missed and ack request. */
    public Builder tokenValidator(TokenValidator validator) {
      this.tokenValidator = validator;
      return this;
    }

    /** Requires an encrypted token; takes effect together with {@link #cryptoManager}. */
    public Builder encryptedTokenValidator(EncryptedTokenValidator validator) {
      this.encryptedTokenValidator = validator;
      return this;
    }

    /** Decrypts encrypted tokens; takes effect with an encrypted-token validator. */
    public Builder cryptoManager(CryptoManager manager) {
      this.cryptoManager = manager;
      return this;
    }

    /** Enables the admin and fault API for holders of this token. */
    public Builder adminToken(String token) {
      if (token != null && token.isEmpty()) {
        throw new IllegalArgumentException("adminToken must not be empty");
      }
      this.adminToken = token;
      return this;
    }

    /** Failed auth attempts per address in one window before 429 (default 20). */
    public Builder authFailureLimit(int limit) {
      this.authFailureLimit = positive("authFailureLimit", limit);
      return this;
    }

    /** Remote addresses the auth-failure limit remembers at most (default 10,000). */
    public Builder authFailureAddresses(int addresses) {
      this.authFailureAddresses = positive("authFailureAddresses", addresses);
      return this;
    }

    /** The window failed attempts are counted in (default 60 s). */
    public Builder authFailureWindow(Duration window) {
      this.authFailureWindow = positive("authFailureWindow", window);
      return this;
    }

    /** Allowed CORS origins; {@code "*"} allows any (the default). */
    public Builder corsOrigins(List<String> origins) {
      if (origins == null || origins.isEmpty()) {
        throw new IllegalArgumentException("corsOrigins must name at least one origin (or \"*\")");
      }
      this.corsOrigins = new ArrayList<>(origins);
      return this;
    }

    /** The largest request body accepted (default 1 MiB). */
    public Builder maxBodyBytes(int bytes) {
      this.maxBodyBytes = positive("maxBodyBytes", bytes);
      return this;
    }

    /** Replaces the in-memory buffer; {@link #bufferSize} and {@link #bufferTtl} then bound trackers only. */
    public Builder messageBuffer(MessageBuffer buffer) {
      this.messageBuffer = buffer;
      return this;
    }

    /** The clock for timestamps, TTLs and rate limits (tests pass one they can move). */
    public Builder clock(Clock clock) {
      if (clock == null) {
        throw new IllegalArgumentException("clock == null");
      }
      this.clock = clock;
      return this;
    }

    /**
     * Keeps the buffer in this file too (an append-only journal, one JSON line per message, bounded to twice
     * {@link #bufferSize}), so a hub started again on it replays what the last one held, with no gap. Each
     * message is written as it is buffered, not forced to the disk: it survives the process, not the machine.
     * Private messages of an earlier run reach no one (trackers live in memory). Ignored with a custom
     * {@link #messageBuffer}. Default: none, the buffer lives in memory and a restart means a gap.
     */
    public Builder journal(java.nio.file.Path file) {
      this.journal = file;
      return this;
    }

    /** The bounds per principal and in total (default {@link HubLimits#defaults()}). */
    public Builder limits(HubLimits limits) {
      if (limits == null) {
        throw new IllegalArgumentException("limits == null");
      }
      this.limits = limits;
      return this;
    }

    /** Builds the configuration. */
    public HubConfig build() {
      return new HubConfig(this);
    }

    private static int positive(String name, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be >= 1, was " + value);
      }
      return value;
    }

    private static Duration positive(String name, Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }
  }
}
