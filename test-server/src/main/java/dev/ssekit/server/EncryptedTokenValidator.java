package dev.ssekit.server;

import dev.ssekit.server.internal.Principals;

/**
 * Validates a token that arrived encrypted ({@code X-Encrypted-Token} header or {@code encrypted_token}
 * query). The hub decrypts it with its {@link CryptoManager} first and passes the plaintext here; a token that
 * does not decrypt never reaches the validator (403 {@code Invalid encrypted token}). Called on a connection
 * thread; it may block.
 */
@FunctionalInterface
public interface EncryptedTokenValidator {

  /**
   * @param decryptedToken the token after decryption
   * @return whether the token is valid
   * @throws Exception when validation itself failed; the client gets 500 {@code SERVER_ERROR}
   */
  boolean validate(String decryptedToken) throws Exception;

  /**
   * The principal the decrypted token stands for, or {@code null} if it is invalid; the hub calls this. The
   * default names each distinct valid token its own principal (after a digest of it); override it to give
   * several tokens one principal.
   *
   * @throws Exception when validation itself failed; the client gets 500 {@code SERVER_ERROR}
   */
  default String principalOf(String decryptedToken) throws Exception {
    return validate(decryptedToken) ? Principals.ofToken(decryptedToken) : null;
  }
}
