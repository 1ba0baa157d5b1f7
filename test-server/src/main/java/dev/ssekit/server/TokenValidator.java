package dev.ssekit.server;

import dev.ssekit.server.internal.CachingTokenValidator;
import dev.ssekit.server.internal.Principals;
import dev.ssekit.server.internal.StaticTokenValidator;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;

/**
 * Decides whether a bearer token (or API key) may use the hub, and which principal it stands for. Called on a
 * connection thread for every stream, missed-messages and ack request; it may block (a database lookup, say),
 * and should then be wrapped with {@link #caching}.
 *
 * <p>A client id belongs to the principal that first opened a stream with it (PROTOCOL.md clause 23). A plain
 * {@link #validate} lambda makes each distinct valid token its own principal; override {@link #principalOf}
 * (or use {@link #ofPrincipals}) to give several tokens one principal, say a JWT's {@code sub}.
 */
@FunctionalInterface
public interface TokenValidator {

  /**
   * @return whether the token is valid
   * @throws Exception when validation itself failed; the client gets 500 {@code SERVER_ERROR}
   */
  boolean validate(String token) throws Exception;

  /**
   * The principal a token stands for, or {@code null} if the token is invalid. The hub calls this, not
   * {@link #validate}. The default asks {@link #validate} and names a valid token's principal after a digest
   * of the token (so each distinct token is its own principal and the token itself is never kept).
   *
   * @throws Exception when validation itself failed; the client gets 500 {@code SERVER_ERROR}
   */
  default String principalOf(String token) throws Exception {
    return validate(token) ? Principals.ofToken(token) : null;
  }

  /** Looks up the principal of a token; {@code null} means the token is invalid. */
  @FunctionalInterface
  interface PrincipalLookup {
    /**
     * @return the principal, or {@code null} for an invalid token
     * @throws Exception when the lookup itself failed; the client gets 500 {@code SERVER_ERROR}
     */
    String principalOf(String token) throws Exception;
  }

  /** A validator whose lookup names the principal itself: a JWT's {@code sub}, an API key's owner. */
  static TokenValidator ofPrincipals(PrincipalLookup lookup) {
    if (lookup == null) {
      throw new IllegalArgumentException("lookup == null");
    }
    return new TokenValidator() {
      @Override
      public boolean validate(String token) throws Exception {
        return principalOf(token) != null;
      }

      @Override
      public String principalOf(String token) throws Exception {
        String principal = lookup.principalOf(token);
        return principal == null || principal.isEmpty() ? null : principal;
      }
    };
  }

  /**
   * A validator that accepts exactly these tokens, comparing in constant time. Each token is its own
   * principal, named {@code static-token-N} after its position (1-based).
   */
  static TokenValidator staticTokens(String... tokens) {
    return new StaticTokenValidator(Arrays.asList(tokens));
  }

  /**
   * Wraps a slow validator with a cache of positive answers (with their principals) only: at most
   * {@code maxSize} tokens, each trusted for {@code ttl}. Negative answers and failures always reach the delegate. Tokens are kept only
   * as SHA-256 digests.
   */
  static TokenValidator caching(TokenValidator delegate, int maxSize, Duration ttl) {
    return new CachingTokenValidator(delegate, maxSize, ttl, Clock.systemUTC());
  }
}
