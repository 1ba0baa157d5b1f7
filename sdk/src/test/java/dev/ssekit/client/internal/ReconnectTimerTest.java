package dev.ssekit.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.client.ReconnectPolicy;
import java.io.IOException;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Issue 9 rule 4: the base after a working connection, jittered growth only on consecutive failures. */
class ReconnectTimerTest {

  private final ReconnectPolicy policy =
      ReconnectPolicy.builder().initialDelayMillis(1000).maxDelayMillis(30_000).multiplier(2).build();
  private final IOException failure = new IOException("x");

  @Test
  void theFirstAttemptWaitsTheBasePlusUpToHalfAStepAndLaterOnesGrowUpToTheCap() {
    ReconnectTimer timer = new ReconnectTimer(policy, new Random(1));
    assertThat(timer.next(false, 0)).isBetween(1000L, 1500L);
    assertThat(timer.attempt()).isEqualTo(1);
    assertThat(timer.ceiling(2)).isEqualTo(2000);
    assertThat(timer.ceiling(5)).isEqualTo(16_000);
    assertThat(timer.ceiling(6)).isEqualTo(30_000);
    assertThat(timer.ceiling(60)).isEqualTo(30_000);
    for (int n = 2; n < 40; n++) {
      long delay = timer.next(false, 0);
      assertThat(timer.attempt()).isEqualTo(n);
      assertThat(delay).isBetween(1000L, timer.ceiling(n));
    }
  }

  @Test
  void aConnectionThatWorkedStartsTheCountOver() {
    ReconnectTimer timer = new ReconnectTimer(policy, new Random(2));
    for (int i = 0; i < 5; i++) {
      timer.next(false, 0);
    }
    assertThat(timer.next(true, 0)).isBetween(1000L, 1500L);
    assertThat(timer.attempt()).isEqualTo(1);
  }

  @Test
  void atTheCapDelaysAreSpreadNotInLockstep() {
    ReconnectTimer timer = new ReconnectTimer(policy, new Random(42));
    Set<Long> buckets = new HashSet<>();
    for (int i = 0; i < 300; i++) {
      long d = timer.delay(20);
      assertThat(d).isBetween(1000L, 30_000L);
      buckets.add((d - 1000) / 2900);
    }
    assertThat(buckets).hasSize(10); // every tenth of [base, cap] is hit
  }

  @Test
  void theServersRetryTimeBecomesTheBaseAndIsAFloorForEveryAttemptWhateverTheRandomness() {
    for (long seed = 0; seed < 200; seed++) {
      ReconnectTimer timer = new ReconnectTimer(ReconnectPolicy.builder().initialDelayMillis(10).maxDelayMillis(50)
          .build(), new Random(seed));
      timer.serverDelay(2000);
      assertThat(timer.next(true, 0)).isBetween(2000L, 3000L);
      for (int n = 2; n < 12; n++) {
        assertThat(timer.next(false, 0)).isGreaterThanOrEqualTo(2000);
      }
    }
  }

  @Test
  void retryAfterIsAFloorToo() {
    ReconnectTimer timer = new ReconnectTimer(policy, new Random(3));
    assertThat(timer.next(false, 7000)).isEqualTo(7000); // above the jittered base: the floor
    assertThat(timer.next(false, 0)).isBetween(1000L, 2000L);
  }

  @Test
  void aZeroRetryTimeMeansSoonAfterAConnectionThatWorkedButFailuresStillGrowFromTheInitialDelay() {
    for (long seed = 0; seed < 100; seed++) {
      ReconnectTimer timer = new ReconnectTimer(policy, new Random(seed));
      timer.serverDelay(0);
      assertThat(timer.next(true, 0)).isBetween(0L, 500L);
      for (int n = 2; n < 10; n++) {
        assertThat(timer.next(false, 0)).isBetween(1000L, timer.ceiling(n));
      }
      assertThat(timer.ceiling(9)).isEqualTo(30_000);
    }
  }

  @Test
  void theFirstReconnectAfterACutIsSpreadOverHalfAStep() {
    Set<Long> buckets = new HashSet<>();
    Random shared = new Random(8);
    for (int client = 0; client < 300; client++) {
      long d = new ReconnectTimer(policy, shared).next(true, 0);
      assertThat(d).isBetween(1000L, 1500L);
      buckets.add((d - 1000) / 51);
    }
    assertThat(buckets).hasSize(10); // every tenth of [base, base + step / 2] is hit
  }

  @Test
  void aServerRetryOrRetryAfterOfCenturiesIsCappedAtTheCeiling() {
    ReconnectPolicy fiveMinutes = ReconnectPolicy.defaults();
    ReconnectTimer timer = new ReconnectTimer(fiveMinutes, new Random(6));
    timer.serverDelay(9_999_999_999_999L);
    assertThat(timer.next(true, 0)).isEqualTo(300_000);
    assertThat(timer.next(false, Long.MAX_VALUE)).isEqualTo(300_000);
    ReconnectTimer other = new ReconnectTimer(fiveMinutes, new Random(7));
    assertThat(other.next(false, 99_999_999_999_000L)).isEqualTo(300_000);
  }

  @Test
  void givesUpAfterMaxAttemptsOfConsecutiveFailures() {
    ReconnectTimer timer = new ReconnectTimer(ReconnectPolicy.builder().maxAttempts(2).build(), new Random(5));
    assertThat(timer.next(false, 0)).isNotNegative();
    assertThat(timer.next(false, 0)).isNotNegative();
    assertThat(timer.next(false, 0)).isEqualTo(-1);
  }
}
