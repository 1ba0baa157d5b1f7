package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The defaults the README and Javadoc state, read from the configuration a client gets when it sets nothing. */
class DocumentedDefaultsTest {

  @Test
  void aConfigThatSetsNothingHasTheDefaultsTheReadmeStates() {
    SseConfig config = SseConfig.defaults();
    assertThat(config.maxPendingEvents()).isEqualTo(1_000);
    assertThat(config.maxPendingBytes()).isEqualTo(8 * 1024 * 1024);
    assertThat(config.maxEventSize()).isEqualTo(1024 * 1024);
    assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(config.tokenTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.maxDeliveryAttempts()).isEqualTo(3);
    assertThat(config.callbackExecutor()).as("callbacks on the reader thread").isNull();
    assertThat(config.authMode()).isEqualTo(AuthMode.BEARER);
  }

  @Test
  void theReconnectPolicyStartsAtOneSecondAndIsCappedAt30SecondsAndServerDelaysAtFiveMinutes() {
    ReconnectPolicy policy = SseConfig.defaults().reconnectPolicy();
    assertThat(policy.initialDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.maxDelay()).isEqualTo(Duration.ofSeconds(30));
    assertThat(policy.maxServerDelay()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void acksAreBatchedEvery500EventsOrOneSecond() {
    AckPolicy acks = SseConfig.defaults().ackPolicy();
    assertThat(acks.enabled()).isTrue();
    assertThat(acks.everyEvents()).isEqualTo(500);
    assertThat(acks.everyMillis()).isEqualTo(1_000);
  }
}
