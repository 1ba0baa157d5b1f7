package dev.ssekit.client.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssekit.client.ConnectionState;
import dev.ssekit.client.SseEvent;
import org.junit.jupiter.api.Test;

/** The recorder must let a test fail: what it passes over while waiting is still there to assert on. */
class RecorderTest {

  private static SseEvent event(String id) {
    return new SseEvent(id, true, "message", "d" + id);
  }

  @Test
  void linesPassedOverWhileWaitingForAStateAreStillDrained() {
    Recorder recorder = new Recorder();
    recorder.onEvent(event("1"));
    recorder.onEvent(event("3"));
    recorder.onStateChange(ConnectionState.closed(dev.ssekit.client.CloseReason.CLOSED_BY_CALLER, null));
    recorder.nextState("CLOSED");
    assertThat(recorder.drain()).containsExactly("event 1 message d1", "event 3 message d3");
  }

  @Test
  void aNoMoreEventsCheckFailsOnAnEventThatWasPassedOver() {
    Recorder recorder = new Recorder();
    recorder.onEvent(event("7"));
    recorder.onStateChange(ConnectionState.open());
    recorder.nextState("OPEN");
    assertThatThrownBy(recorder::assertNoMoreEvents).isInstanceOf(AssertionError.class);
  }

  @Test
  void laterWaitsReadOnAfterTheMatchedLineAndDrainStillHasWhatWasPassedOver() {
    Recorder recorder = new Recorder();
    recorder.onEvent(event("1"));
    recorder.onStateChange(ConnectionState.open());
    recorder.onEvent(event("2"));
    recorder.nextState("OPEN");
    assertThat(recorder.nextEvent()).isEqualTo("event 2 message d2");
    assertThat(recorder.drain()).containsExactly("event 1 message d1");
    assertThat(recorder.drain()).isEmpty();
  }
}
