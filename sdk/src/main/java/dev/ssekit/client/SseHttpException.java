package dev.ssekit.client;

/**
 * The server answered a status the client does not stream from: the error of a {@code CLOSED} state with
 * {@link CloseReason#HTTP_ERROR} or {@link CloseReason#AUTH_FAILED} (401 or 403). Carries the status and, when the body was a
 * hub error ({@code {"code","message"}}), its code and message.
 */
public final class SseHttpException extends SseException {

  private final int status;
  private final String code;
  private final String serverMessage;

  /** An answer the client does not stream from, with the hub's error code and message (either may be null). */
  public SseHttpException(int status, String code, String serverMessage) {
    super("HTTP " + status + (code == null ? "" : " " + code) + (serverMessage == null ? "" : ": " + serverMessage));
    this.status = status;
    this.code = code;
    this.serverMessage = serverMessage;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The hub's error code (e.g. {@code FORBIDDEN}), or {@code null} if the body was not a hub error. */
  public String code() {
    return code;
  }

  /** The hub's error message, or {@code null}. */
  public String serverMessage() {
    return serverMessage;
  }
}
