package dev.ssekit.client.internal;

import dev.ssekit.client.AuthMode;
import dev.ssekit.client.SseConnectionException;
import dev.ssekit.client.TokenProvider;
import okhttp3.HttpUrl;
import okhttp3.Request;

/** Puts the token on a request the way the auth mode says. Never logs or quotes a token. */
final class Credentials {

  private final TokenProvider provider;
  private final AuthMode mode;
  private final TokenCrypto crypto;

  Credentials(TokenProvider provider, AuthMode mode, String passphrase) {
    this.provider = provider;
    this.mode = mode;
    this.crypto = mode == AuthMode.ENCRYPTED ? new TokenCrypto(passphrase) : null;
  }

  /**
   * Sets the request's URL and credentials.
   *
   * @param fresh whether to ask the provider for a fresh token (after a 401)
   * @throws SseConnectionException if the provider failed (retried like a connection failure)
   */
  void apply(Request.Builder request, HttpUrl url, boolean fresh) {
    if (provider == null) {
      request.url(url);
      return;
    }
    String token;
    try {
      token = fresh ? provider.refreshToken() : provider.token();
    } catch (Exception e) {
      // The provider's message may quote a token: keep only its type.
      throw new SseConnectionException("token provider failed with " + e.getClass().getName(), 0, null);
    }
    if (token == null || token.isEmpty()) {
      request.url(url);
      return;
    }
    switch (mode) {
      case QUERY:
        request.url(url.newBuilder().setQueryParameter("token", token).build());
        break;
      case ENCRYPTED:
        request.url(url).header("X-Encrypted-Token", crypto.encrypt(token));
        break;
      default:
        if (!isHeaderValue(token)) {
          // OkHttp's own message would quote the value: say what is wrong without it.
          throw new SseConnectionException("the token has a character an HTTP header cannot carry", 0, null);
        }
        request.url(url).header("Authorization", "Bearer " + token);
        break;
    }
  }

  /** Whether OkHttp accepts this as a header value: tab and printable ASCII only. */
  static boolean isHeaderValue(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '\t' && (c < 0x20 || c > 0x7e)) {
        return false;
      }
    }
    return true;
  }

  /** A URL safe to put in a message: no query string at all. */
  static String redact(HttpUrl url) {
    return url.newBuilder().query(null).build().toString();
  }
}
