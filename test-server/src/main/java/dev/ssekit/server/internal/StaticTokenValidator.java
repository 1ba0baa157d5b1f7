package dev.ssekit.server.internal;

import dev.ssekit.server.TokenValidator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Accepts a fixed set of tokens. Each candidate is compared with {@link MessageDigest#isEqual} over SHA-256
 * digests (equal length, constant time), and every candidate is compared, so timing tells nothing. Each token
 * is its own principal.
 */
public final class StaticTokenValidator implements TokenValidator {

  private final List<byte[]> digests = new ArrayList<>();

  public StaticTokenValidator(List<String> tokens) {
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException("at least one token is required");
    }
    for (String token : tokens) {
      if (token == null || token.isEmpty()) {
        throw new IllegalArgumentException("tokens must not be empty");
      }
      digests.add(TokenDigest.of(token));
    }
  }

  @Override
  public boolean validate(String token) {
    return principalOf(token) != null;
  }

  /** {@code static-token-N} for the N-th token (1-based), after comparing with every token. */
  @Override
  public String principalOf(String token) {
    byte[] candidate = TokenDigest.of(token);
    int match = -1;
    for (int i = 0; i < digests.size(); i++) {
      if (MessageDigest.isEqual(digests.get(i), candidate) && match < 0) {
        match = i;
      }
    }
    return match < 0 ? null : "static-token-" + (match + 1);
  }

  /** SHA-256 of a token's UTF-8 bytes. */
  static final class TokenDigest {
    private TokenDigest() {}

    static byte[] of(String token) {
      try {
        return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
