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
  private final Map<ByteBuffer, Long> validUntil;

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
      protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Long> eldest) {
        return size() > maxSize;
      }
    };
  }

  @Override
  public boolean validate(String token) throws Exception {
    ByteBuffer key = ByteBuffer.wrap(StaticTokenValidator.TokenDigest.of(token));
    long now = clock.millis();
    synchronized (validUntil) {
      Long until = validUntil.get(key);
      if (until != null && until > now) {
        return true;
      }
      validUntil.remove(key);
    }
    boolean valid = delegate.validate(token);
    if (valid) {
      synchronized (validUntil) {
        validUntil.put(key, now + ttlMillis);
      }
    }
    return valid;
  }
}
