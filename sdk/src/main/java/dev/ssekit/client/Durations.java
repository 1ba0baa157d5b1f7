package dev.ssekit.client;

import java.time.Duration;

/** Turns the {@link Duration} overloads' arguments into the milliseconds the builders keep. */
final class Durations {

  private Durations() {}

  static long toMillis(String what, Duration duration) {
    if (duration == null) {
      throw new IllegalArgumentException(what + " == null");
    }
    if (duration.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative, was " + duration);
    }
    try {
      return duration.toMillis();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(what + " is too long: " + duration, e);
    }
  }
}
