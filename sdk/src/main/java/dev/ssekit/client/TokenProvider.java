package dev.ssekit.client;

/**
 * Supplies the token for each connect and ack. Called on an SDK thread (never the callback executor), so it
 * may block, e.g. to refresh an OAuth token.
 */
public interface TokenProvider {

  /** The token to use now. */
  String token() throws Exception;

  /** Called after a 401: return a fresh token (the default asks {@link #token()} again). */
  default String refreshToken() throws Exception {
    return token();
  }
}
