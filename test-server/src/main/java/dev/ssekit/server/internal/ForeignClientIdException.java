package dev.ssekit.server.internal;

/**
 * The client id belongs to another principal (clause 23). {@link #streaming} tells whether the owner has a
 * stream open now: the HTTP layer answers 409 then (its stream is not replaced), else 403.
 */
public final class ForeignClientIdException extends RuntimeException {

  private final boolean streaming;

  ForeignClientIdException(boolean streaming) {
    super("this client id belongs to another principal", null, false, false);
    this.streaming = streaming;
  }

  /** Whether the owner's stream is open now. */
  public boolean streaming() {
    return streaming;
  }
}
