package dev.ssekit.client;

/**
 * Supplies the token for each connect and ack. Called on an SDK thread (never the callback executor), so it
 * may block, e.g. to refresh an OAuth token.
 */
public interface TokenProvider {

  /** The token to use now. */
  String token() throws Exception;

  /**
   * Called after a 401 or 403: return a fresh token (the default asks {@link #token()} again). One that throws
   * is asked again at once, at most three attempts 0.1-0.4 s apart, all within the config's {@code tokenTimeout};
   * if every attempt fails the failure is reported to {@link SseListener#onError} and the refresh is asked again
   * after the reconnect backoff (or the ack's retry). Called on the client's token thread.
   */
  default String refreshToken() throws Exception {
    return token();
  }
}
