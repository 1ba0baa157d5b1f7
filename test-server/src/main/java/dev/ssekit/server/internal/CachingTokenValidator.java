package dev.ssekit.server.internal;

import dev.ssekit.server.TokenValidator;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers positive answers of a slow validator for a while. Bounded (least recently used is dropped),
 * keyed by the token's SHA-256 digest so no token is held in memory in the clear.
 */
public final class CachingTokenValidator implements TokenValidator {

  private final TokenValidator delegate;
  private final long ttlMillis;
  private final Clock clock;
  /** A cached principal and until when (clock millis) it may be trusted. */
  private static final class Entry {
    final String principal;
    final long until;

    Entry(String principal, long until) {
      this.principal = principal;
      this.until = until;
    }
  }

  private final Map<ByteBuffer, Entry> validUntil;

  public CachingTokenValidator(TokenValidator delegate, int maxSize, Duration ttl, Clock clock) {
    if (delegate == null) {
      throw new IllegalArgumentException("delegate == null");
    }
    if (maxSize < 1) {
      throw new IllegalArgumentException("maxSize must be >= 1, was " + maxSize);
    }
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, was " + ttl);
    }
    this.delegate = delegate;
    this.ttlMillis = ttl.toMillis();
    this.clock = clock;
    this.validUntil = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Entry> eldest) {
        return size() > maxSize;
      }
    };
  }

  @Override
  public boolean validate(String token) throws Exception {
    return principalOf(token) != null;
  }

  @Override
  public String principalOf(String token) throws Exception {
    ByteBuffer key = ByteBuffer.wrap(StaticTokenValidator.TokenDigest.of(token));
    long now = clock.millis();
    synchronized (validUntil) {
      Entry cached = validUntil.get(key);
      if (cached != null && cached.until > now) {
        return cached.principal;
      }
      validUntil.remove(key);
    }
    String principal = delegate.principalOf(token);
    if (principal != null) {
      synchronized (validUntil) {
        validUntil.put(key, new Entry(principal, now + ttlMillis));
      }
    }
    return principal;
  }
}
