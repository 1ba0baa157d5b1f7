package dev.ssekit.client;

/** The server refused the credentials: 403, or 401 even after a fresh token. */
public final class SseAuthException extends SseHttpException {

  /** A refusal with its status and the hub's error code and message (either may be null). */
  public SseAuthException(int status, String code, String serverMessage) {
    super(status, code, serverMessage);
  }
}
