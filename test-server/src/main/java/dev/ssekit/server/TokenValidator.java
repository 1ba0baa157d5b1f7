package dev.ssekit.server;

import dev.ssekit.server.internal.CachingTokenValidator;
import dev.ssekit.server.internal.StaticTokenValidator;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;

/**
 * Decides whether a bearer token (or API key) may use the hub. Called on a connection thread for every
 * stream, missed-messages and ack request; it may block (a database lookup, say), and should then be wrapped
 * with {@link #caching}.
 */
@FunctionalInterface
public interface TokenValidator {

  /**
   * @return whether the token is valid
   * @throws Exception when validation itself failed; the client gets 500 {@code SERVER_ERROR}
   */
  boolean validate(String token) throws Exception;

  /** A validator that accepts exactly these tokens, comparing in constant time. */
  static TokenValidator staticTokens(String... tokens) {
    return new StaticTokenValidator(Arrays.asList(tokens));
  }

  /**
   * Wraps a slow validator with a cache of positive answers only: at most {@code maxSize} tokens, each
   * trusted for {@code ttl}. Negative answers and failures always reach the delegate. Tokens are kept only
   * as SHA-256 digests.
   */
  static TokenValidator caching(TokenValidator delegate, int maxSize, Duration ttl) {
    return new CachingTokenValidator(delegate, maxSize, ttl, Clock.systemUTC());
  }
}
