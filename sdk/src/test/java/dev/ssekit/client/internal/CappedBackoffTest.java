package dev.ssekit.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.core.IntervalFunction;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CappedBackoffTest {

  @Test
  void anAcksRetryWaitsBetweenHalfItsCeilingAndTheCeilingWhichDoublesFromHalfASecondUpTo30Seconds() {
    CappedBackoff backoff = new CappedBackoff(AckTracker.INITIAL_BACKOFF_MILLIS, AckTracker.MAX_BACKOFF_MILLIS);
    long[] ceilings = {500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000};
    for (int n = 1; n <= ceilings.length; n++) {
      assertThat(backoff.ceiling(n)).as("ceiling of retry %d", n).isEqualTo(ceilings[n - 1]);
      for (int k = 0; k < 200; k++) {
        assertThat(backoff.apply(n)).isBetween(ceilings[n - 1] / 2, ceilings[n - 1]);
      }
    }
    assertThat(backoff.ceiling(Integer.MAX_VALUE)).isEqualTo(30_000); // no overflow, however many retries
  }

  @Test
  void callsAtTheCapStillSpreadSoTheyDoNotRetryInStep() {
    Set<Long> waits = new HashSet<>();
    CappedBackoff backoff = new CappedBackoff(500, 30_000);
    for (int k = 0; k < 100; k++) {
      waits.add(backoff.apply(20));
    }
    assertThat(waits).hasSizeGreaterThan(50);
    // resilience4j's own capped random backoff applies the cap after the jitter: at the cap all wait the same.
    IntervalFunction theirs = IntervalFunction.ofExponentialRandomBackoff(500, 2.0, 0.5, 30_000);
    Set<Long> theirWaits = new HashSet<>();
    for (int k = 0; k < 100; k++) {
      theirWaits.add(theirs.apply(20));
    }
    assertThat(theirWaits).containsExactly(30_000L);
  }

  @Test
  void refusesACapBelowTheInitialWait() {
    assertThatThrownBy(() -> new CappedBackoff(500, 100)).isInstanceOf(IllegalArgumentException.class);
  }
}
