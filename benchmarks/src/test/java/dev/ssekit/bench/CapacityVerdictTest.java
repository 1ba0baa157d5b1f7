package dev.ssekit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.bench.internal.FanoutSession;
import dev.ssekit.bench.internal.LatencyHistogram;
import org.junit.jupiter.api.Test;

class CapacityVerdictTest {

  private static FanoutSession.Phase phase(int rate, int seconds, long sent, long received, int lost, long p99Micros) {
    FanoutSession.Phase p = new FanoutSession.Phase();
    p.rate = rate;
    p.seconds = seconds;
    p.sent = sent;
    p.expected = sent * 100;
    p.received = received;
    p.lostStreams = lost;
    p.latency = new LatencyHistogram();
    for (int i = 0; i < 100; i++) {
      p.latency.record(p99Micros);
    }
    return p;
  }

  @Test
  void passesAStepThatDeliveredEveryEventInTimeToEveryStream() {
    assertThat(CapacityRun.verdict(phase(10, 5, 50, 5000, 0, 99_000), 100, 100, 100_000)).isEqualTo("pass");
  }

  @Test
  void failsAStepForEachWayItFellShortAndSaysWhich() {
    assertThat(CapacityRun.verdict(phase(10, 5, 50, 4999, 0, 1_000), 100, 100, 100_000))
        .isEqualTo("1 events missing");
    assertThat(CapacityRun.verdict(phase(10, 5, 50, 5000, 0, 150_000), 100, 100, 100_000)).startsWith("p99 15");
    assertThat(CapacityRun.verdict(phase(10, 5, 50, 4950, 1, 1_000), 100, 100, 100_000))
        .contains("1 streams lost").contains("50 events missing");
    assertThat(CapacityRun.verdict(phase(10, 5, 50, 5000, 0, 1_000), 99, 100, 100_000))
        .contains("1 streams never started");
  }

  @Test
  void failsAStepWhosePublisherCouldNotOfferItsRate() {
    assertThat(CapacityRun.verdict(phase(100, 5, 370, 37_000, 0, 1_000), 100, 100, 100_000))
        .isEqualTo("the publisher offered only 74.0/s");
  }
}
