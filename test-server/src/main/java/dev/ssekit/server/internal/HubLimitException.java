package dev.ssekit.server.internal;

/**
 * A connect refused because a bound was reached (clause 24): a principal's own bound ({@code 429}) or the
 * hub's total, or its open-file reserve ({@code 503}). Carries the status and code the HTTP layer answers with.
 */
public final class HubLimitException extends RuntimeException {

  private final int status;
  private final String code;

  HubLimitException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  static HubLimitException perPrincipal(String code, String message) {
    return new HubLimitException(429, code, message);
  }

  static HubLimitException hubFull(String message) {
    return new HubLimitException(503, "HUB_FULL", message);
  }

  /** The HTTP status: 429 for a principal's bound, 503 for the hub's. */
  public int status() {
    return status;
  }

  /** The JSON error code. */
  public String code() {
    return code;
  }
}
