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
  void anAddressThatNeverFailedIsNeverRefusedHoweverManyOthersFail() {
    for (int i = 0; i < AuthFailureLimiter.MAX_ADDRESSES + 500; i++) {
      for (int j = 0; j < 20; j++) {
        limiter.failure("addr-" + i); // each of them locked out
      }
    }
    assertThat(limiter.retryAfterSeconds("never-seen-before")).isZero();
    assertThat(limiter.retryAfterSeconds("addr-" + (AuthFailureLimiter.MAX_ADDRESSES + 499))).isPositive();
  }

  @Test
  void theLimiterRemembersAtMostItsMaximumForgettingTheAddressTouchedLeastRecently() {
    AuthFailureLimiter small = new AuthFailureLimiter(2, 60_000, clock, 3);
    for (String a : new String[] {"a", "b", "c"}) {
      small.failure(a);
      small.failure(a);
    }
    assertThat(small.retryAfterSeconds("a")).isPositive(); // touches a: b is now the least recent
    small.failure("d");
    assertThat(small.trackedAddresses()).isEqualTo(3);
    assertThat(small.retryAfterSeconds("b")).as("forgotten").isZero();
    assertThat(small.retryAfterSeconds("a")).isPositive();
    assertThat(small.retryAfterSeconds("c")).isPositive();
    for (int i = 0; i < 100_000; i++) {
      small.failure("many-" + i);
    }
    assertThat(small.trackedAddresses()).isEqualTo(3);
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
