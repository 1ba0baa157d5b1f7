package dev.ssekit.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.server.support.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Clause 4: the failure bucket leaks with time, is bounded in addresses, and is swept off the request path. */
class AuthFailureLimiterTest {

  private final MutableClock clock = new MutableClock();
  private final AuthFailureLimiter limiter = new AuthFailureLimiter(20, 60_000, clock);

  @Test
  void failuresDecayWithTimeInsteadOfBeingResetBySuccess() {
    for (int i = 0; i < 19; i++) {
      limiter.failure("10.0.0.1");
    }
    limiter.success("10.0.0.1");
    limiter.failure("10.0.0.1");
    assertThat(limiter.retryAfterSeconds("10.0.0.1")).isEqualTo(1);
    clock.advance(Duration.ofMinutes(2));
    for (int i = 0; i < 19; i++) {
      limiter.failure("10.0.0.1");
    }
    assertThat(limiter.retryAfterSeconds("10.0.0.1")).isZero();
    limiter.failure("10.0.0.1");
    assertThat(limiter.retryAfterSeconds("10.0.0.1")).as("the second lockout doubles").isEqualTo(2);
  }

  @Test
  void addressesBeyondTheCapShareOneRecordAndAreLockedOutTogether() {
    for (int i = 0; i < AuthFailureLimiter.MAX_ADDRESSES + 500; i++) {
      limiter.failure("addr-" + i);
    }
    assertThat(limiter.trackedAddresses()).isEqualTo(AuthFailureLimiter.MAX_ADDRESSES + 1);
    assertThat(limiter.retryAfterSeconds("never-seen-before")).isPositive();
    assertThat(limiter.retryAfterSeconds("addr-1")).isZero();
  }

  @Test
  void sweepingForgetsAddressesWithNothingLeftToRemember() {
    for (int i = 0; i < 100; i++) {
      limiter.failure("addr-" + i);
    }
    limiter.sweep();
    assertThat(limiter.trackedAddresses()).isEqualTo(100);
    clock.advance(Duration.ofMinutes(16));
    limiter.sweep();
    assertThat(limiter.trackedAddresses()).isZero();
  }
}
