package dev.ssekit.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void reportsEveryPercentileWithinThreePercentOfTheExactValue() {
    Random random = new Random(13);
    for (long scale : new long[] {10, 1_000, 100_000, 10_000_000, 1L << 40}) {
      LatencyHistogram h = new LatencyHistogram();
      long[] exact = new long[20_000];
      for (int i = 0; i < exact.length; i++) {
        exact[i] = (long) (random.nextDouble() * scale);
        h.record(exact[i]);
      }
      Arrays.sort(exact);
      for (double p : new double[] {0.01, 0.5, 0.9, 0.99, 0.999}) {
        long truth = exact[(int) Math.ceil(p * exact.length) - 1];
        assertThat((double) h.percentile(p)).as("p%s at scale %d", p, scale)
            .isCloseTo(truth, within(Math.max(1.0, truth * 0.035)));
      }
      assertThat(h.percentile(1.0)).isEqualTo(exact[exact.length - 1]);
      assertThat(h.count()).isEqualTo(exact.length);
    }
  }

  @Test
  void mapsEveryValueToABucketWhoseUpperBoundHoldsIt() {
    for (long v : new long[] {0, 1, 63, 64, 65, 127, 128, 1000, 123_456_789, Long.MAX_VALUE / 3, Long.MAX_VALUE}) {
      int i = LatencyHistogram.index(v);
      assertThat(LatencyHistogram.upper(i)).as("upper of %d", v).isGreaterThanOrEqualTo(v);
      if (i > 0) {
        assertThat(LatencyHistogram.upper(i - 1)).as("previous upper of %d", v).isLessThan(v);
      }
    }
  }

  @Test
  void countsNegativeLatenciesAsZero() {
    LatencyHistogram h = new LatencyHistogram();
    h.record(-5);
    assertThat(h.percentile(0.5)).isZero();
    assertThat(h.max()).isZero();
  }

  @Test
  void reportsNothingWhenEmpty() {
    LatencyHistogram h = new LatencyHistogram();
    assertThat(h.percentile(0.99)).isEqualTo(-1);
    assertThat(h.sample(100)).isEmpty();
    assertThat(LatencyHistogram.decode(h.encode()).count()).isZero();
  }

  @Test
  void survivesTheTripBetweenProcessesAndMerges() {
    LatencyHistogram a = new LatencyHistogram();
    LatencyHistogram b = new LatencyHistogram();
    for (int i = 0; i < 1000; i++) {
      a.record(i);
      b.record(1_000_000 + i);
    }
    LatencyHistogram merged = LatencyHistogram.decode(a.encode());
    merged.add(LatencyHistogram.decode(b.encode()));
    assertThat(merged.count()).isEqualTo(2000);
    assertThat(merged.max()).isEqualTo(1_000_999);
    assertThat(merged.percentile(0.25)).isCloseTo(500L, within(20L));
    assertThat(merged.percentile(0.75)).isCloseTo(1_000_500L, within(35_000L));
    assertThat(merged.sample(50)).hasSize(50).isSorted();
  }

  @Test
  void rejectsAHistogramLineThatIsNotOne() {
    assertThatThrownBy(() -> LatencyHistogram.decode("12 99999:1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LatencyHistogram.decode("12 3:-1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LatencyHistogram.decode("x")).isInstanceOf(NumberFormatException.class);
  }
}
