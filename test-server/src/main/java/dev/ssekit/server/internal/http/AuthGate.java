package dev.ssekit.server.internal.http;

import com.sun.net.httpserver.HttpExchange;
import dev.ssekit.server.CryptoManager;
import dev.ssekit.server.EncryptedTokenValidator;
import dev.ssekit.server.TokenValidator;
import dev.ssekit.server.internal.DefaultHub;
import dev.ssekit.server.internal.Principals;
import dev.ssekit.server.internal.Validators;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Map;

/**
 * The one auth check, used by the stream, missed and ack endpoints (clauses 1-5), and the admin check.
 * Never logs a token: refusals, and validator failures, go to a {@link RefusalLog} each (a count, and a sample
 * with the path only; for a validator failure, the exception's class).
 */
final class AuthGate {

  private final DefaultHub hub;
  private final AuthFailureLimiter limiter;
  private final RefusalLog refusals;
  /** Requests answered 500 because the validator threw: counted lines too, so a failing store floods nothing. */
  private final RefusalLog validatorFailures;

  AuthGate(DefaultHub hub, AuthFailureLimiter limiter, RefusalLog refusals, RefusalLog validatorFailures) {
    this.hub = hub;
    this.limiter = limiter;
    this.refusals = refusals;
    this.validatorFailures = validatorFailures;
  }

  /**
   * Lets the request through, returning its principal ({@link Principals#ANONYMOUS} on an open hub), or throws
   * the {@link HttpError} to answer with.
   */
  String check(HttpExchange ex, Map<String, String> query) {
    Validators validators = hub.validators();
    EncryptedTokenValidator encryptedValidator = validators.encryptedTokenValidator();
    CryptoManager crypto = validators.cryptoManager();
    TokenValidator plainValidator = validators.tokenValidator();
    boolean encrypted = encryptedValidator != null && crypto != null;
    if (!encrypted && plainValidator == null) {
      return Principals.ANONYMOUS; // no validator: the hub is open
    }
    String address = remoteAddress(ex);
    refuseIfLockedOut(ex, address);
    String token = encrypted ? encryptedToken(ex, query) : plainToken(ex, query);
    if (token == null) {
      throw fail(ex, address, new HttpError(401, "UNAUTHORIZED", "Missing token/api-key",
          Map.of("WWW-Authenticate", "Bearer")));
    }
    String principal;
    try {
      if (encrypted) {
        String plain;
        try {
          plain = crypto.decrypt(token);
        } catch (IllegalArgumentException e) {
          throw fail(ex, address, new HttpError(403, "FORBIDDEN", "Invalid encrypted token"));
        }
        principal = encryptedValidator.principalOf(plain);
      } else {
        principal = plainValidator.principalOf(token);
      }
    } catch (HttpError e) {
      throw e;
    } catch (Exception | Error e) {
      // The throwable's message may quote the token, an Error's too: log its type only.
      validatorFailures.refused(500, address, ex.getRequestURI().getRawPath(), e.getClass().getName());
      throw new HttpError(500, "SERVER_ERROR", "Token validation failed");
    }
    if (principal == null) {
      throw fail(ex, address, new HttpError(403, "FORBIDDEN", "Invalid or expired token/api-key"));
    }
    limiter.success(address);
    return principal;
  }

  /** The admin check: {@code Authorization: Bearer <admin-token>}, compared in constant time. */
  void checkAdmin(HttpExchange ex, String adminToken) {
    String address = remoteAddress(ex);
    refuseIfLockedOut(ex, address);
    String token = bearer(ex.getRequestHeaders().getFirst("Authorization"));
    if (token == null) {
      throw fail(ex, address, new HttpError(401, "UNAUTHORIZED", "Missing admin token",
          Map.of("WWW-Authenticate", "Bearer")));
    }
    if (!MessageDigest.isEqual(digest(token), digest(adminToken))) {
      throw fail(ex, address, new HttpError(403, "FORBIDDEN", "Invalid admin token"));
    }
    limiter.success(address);
  }

  /**
   * A refusal because the client id belongs to another principal (403 or 409, clause 23): an ownership probe,
   * counted and rate limited like a failed auth attempt (clause 4).
   */
  HttpError refuseForeign(HttpExchange ex, HttpError error) {
    return fail(ex, remoteAddress(ex), error);
  }

  private void refuseIfLockedOut(HttpExchange ex, String address) {
    long wait = limiter.retryAfterSeconds(address);
    if (wait > 0) {
      hub.recordAuthFailure();
      refusals.refused(429, address, ex.getRequestURI().getRawPath());
      throw new HttpError(429, "TOO_MANY_REQUESTS", "Too many failed auth attempts; retry later",
          Map.of("Retry-After", Long.toString(wait)));
    }
  }

  private HttpError fail(HttpExchange ex, String address, HttpError error) {
    hub.recordAuthFailure();
    limiter.failure(address);
    refusals.refused(error.status, address, ex.getRequestURI().getRawPath());
    return error;
  }

  private static String plainToken(HttpExchange ex, Map<String, String> query) {
    String header = bearer(ex.getRequestHeaders().getFirst("Authorization"));
    if (header != null) {
      return header;
    }
    return nonEmpty(query.get("token"));
  }

  private static String encryptedToken(HttpExchange ex, Map<String, String> query) {
    String header = nonEmpty(ex.getRequestHeaders().getFirst("X-Encrypted-Token"));
    if (header != null) {
      return header.trim();
    }
    String fromQuery = nonEmpty(query.get("encrypted_token"));
    // A '+' sent unescaped in a query decodes to a space; base64 has no spaces, so put it back.
    return fromQuery == null ? null : fromQuery.replace(' ', '+');
  }

  /** The token in an Authorization value: the scheme word {@code Bearer} is stripped, any case. */
  static String bearer(String header) {
    if (header == null) {
      return null;
    }
    String value = header.trim();
    if (value.length() >= 6 && value.substring(0, 6).toLowerCase(Locale.ROOT).equals("bearer")
        && (value.length() == 6 || Character.isWhitespace(value.charAt(6)))) {
      value = value.substring(6).trim();
    }
    return nonEmpty(value);
  }

  private static String nonEmpty(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  static String remoteAddress(HttpExchange ex) {
    return ex.getRemoteAddress().getAddress().getHostAddress();
  }

  private static byte[] digest(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
