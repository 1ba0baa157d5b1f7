package dev.ssekit.client;

/** A typed subscription; {@link #cancel()} stops it. */
public interface Subscription {

  /** Stops delivering to this subscription. Idempotent, any thread. */
  void cancel();
}
