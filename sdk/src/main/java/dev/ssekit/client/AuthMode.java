package dev.ssekit.client;

/** How the token travels. */
public enum AuthMode {
  /** {@code Authorization: Bearer <token>} (the default). */
  BEARER,
  /** {@code ?token=<token>}, for servers or proxies that need it. */
  QUERY,
  /**
   * {@code X-Encrypted-Token}: the token encrypted with AES-256-GCM, the key being the SHA-256 of a shared
   * passphrase, a 12-byte nonce first, standard base64 (the seed hub's format).
   */
  ENCRYPTED
}
