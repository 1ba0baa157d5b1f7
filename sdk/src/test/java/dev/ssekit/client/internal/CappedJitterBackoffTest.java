package dev.ssekit.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.client.ReconnectPolicy;
import io.github.resilience4j.core.functions.Either;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Issue rule 3: the cap comes before the jitter, and a retry hint moves the base. */
class CappedJitterBackoffTest {

  private final ReconnectPolicy policy =
      ReconnectPolicy.builder().initialDelayMillis(1000).maxDelayMillis(30_000).multiplier(2).build();

  private long delay(CappedJitterBackoff b, int attempt) {
    return b.apply(attempt, Either.left(new java.io.IOException("x")));
  }

  @Test
  void growsExponentiallyUpToTheCap() {
    CappedJitterBackoff b = new CappedJitterBackoff(policy, new Random(1));
    assertThat(b.ceiling(1)).isEqualTo(1000);
    assertThat(b.ceiling(2)).isEqualTo(2000);
    assertThat(b.ceiling(5)).isEqualTo(16_000);
    assertThat(b.ceiling(6)).isEqualTo(30_000);
    assertThat(b.ceiling(60)).isEqualTo(30_000);
  }

  @Test
  void atTheCapDelaysAreSpreadNotInLockstep() {
    CappedJitterBackoff b = new CappedJitterBackoff(policy, new Random(42));
    Set<Long> buckets = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      long d = delay(b, 20);
      assertThat(d).isBetween(0L, 30_000L);
      buckets.add(d / 3000);
    }
    assertThat(buckets).hasSize(10); // every tenth of [0, cap] is hit
  }

  @Test
  void theServersRetryHintBecomesTheBase() {
    CappedJitterBackoff b = new CappedJitterBackoff(policy, new Random(7));
    b.setHint(200);
    assertThat(b.ceiling(1)).isEqualTo(200);
    assertThat(b.ceiling(3)).isEqualTo(800);
    b.setHint(60_000);
    assertThat(b.ceiling(1)).isEqualTo(60_000);
    b.setHint(0);
    assertThat(delay(b, 4)).isZero();
  }
}
