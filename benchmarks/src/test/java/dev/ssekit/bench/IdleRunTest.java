package dev.ssekit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The idle tool counts what it says: a heartbeat-only stream makes no ack request and wakes no ack thread
 * (heartbeats carry no id of their own), one
 * event a second makes at most one ack request a second (the default AckPolicy's interval), and the reader's
 * wakes are counted.
 */
class IdleRunTest {

  @Test
  void aHeartbeatOnlyStreamMakesNoAckRequestAndItsReaderWakesAreCounted() throws Exception {
    IdleRun.Result r = IdleRun.measure("heartbeats", IdleRun.SSEKIT, Duration.ofSeconds(2), Duration.ofMillis(200), false);
    assertThat(r.arrivals).isPositive();
    assertThat(r.acks).isZero();
    assertThat(r.wakesByThread).containsKey("ssekit-sse-read");
    assertThat(r.wakesByThread.get("ssekit-sse-read")).isPositive();
    assertThat(r.wakesByThread.getOrDefault("ssekit-sse-ack-", 0L))
        .as("the ack thread is not woken by heartbeats: they move no id").isZero();
  }

  @Test
  void anEventASecondMakesAtMostOneAckRequestPerSecond() throws Exception {
    IdleRun.Result r = IdleRun.measure("events", IdleRun.SSEKIT, Duration.ofSeconds(4), Duration.ofSeconds(30), true);
    assertThat(r.arrivals).isPositive();
    assertThat(r.acks).isPositive().isLessThanOrEqualTo((int) Math.ceil(r.seconds) + 1);
  }

  @Test
  void theRunWritesItsTable(@TempDir Path out) throws Exception {
    String table = IdleRun.run(out.toFile(), Duration.ofSeconds(1), Duration.ofMillis(250));
    assertThat(table).contains("| heartbeats only").contains("| one event a second").contains("wakes / arrival")
        .contains("ssekit SDK |").contains("okhttp-sse |");
    assertThat(out.toFile().list()).anyMatch(n -> n.startsWith("idle-") && n.endsWith(".md"));
  }

  @Test
  void okhttpSseIsMeasuredOnTheSameStreamAndMakesNoAckRequest() throws Exception {
    IdleRun.Result r = IdleRun.measure("peer", IdleRun.OKHTTP_SSE, Duration.ofSeconds(2), Duration.ofMillis(200), false);
    assertThat(r.arrivals).isPositive();
    assertThat(r.acks).isZero();
    assertThat(r.wakes()).isPositive();
  }
}
