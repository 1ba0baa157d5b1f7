package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.client.support.ClientOverMockServer;
import dev.ssekit.client.support.Recorder;
import dev.ssekit.client.support.SseStreams;
import okhttp3.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * README: "An {@code Error} thrown by a callback or a decoder is not retried and does not make a poison event: the
 * client closes with {@code FAILED}". Every callback of the listener, not only {@code onEvent}: the client closes
 * before the next event, and an event whose {@code onPoisonEvent} threw is not given up (the resume id stays
 * before it). Found by an outside attack: these callbacks only reported the Error and went on.
 */
class ErrorsFromAnyCallbackTest extends ClientOverMockServer {

  private static final String STREAM = ": hello\n\nid: 1\ndata: a\n\nid: 2\ndata: b\n\n";

  private static Recorder throwingFrom(String callback) {
    return new Recorder() {
      @Override
      public void onOpen(Response response) {
        super.onOpen(response);
        fail("onOpen", callback);
      }

      @Override
      public void onComment(String comment) {
        super.onComment(comment);
        fail("onComment", callback);
      }

      @Override
      public void onStateChange(ConnectionState state) {
        super.onStateChange(state);
        if (state.isOpen()) {
          fail("onStateChange", callback);
        }
      }

      @Override
      public void onEvent(SseEvent event) {
        super.onEvent(event);
        if (callback.equals("onPoisonEvent")) {
          throw new IllegalStateException("event 1 cannot be handled");
        }
      }

      @Override
      public void onPoisonEvent(SseEvent event, SseException lastError) {
        super.onPoisonEvent(event, lastError);
        fail("onPoisonEvent", callback);
      }
    };
  }

  private static void fail(String here, String chosen) {
    if (here.equals(chosen)) {
      throw new AssertionError("the app's invariant broke in " + here);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"onOpen", "onComment", "onStateChange", "onPoisonEvent"})
  void anErrorFromThisCallbackClosesTheClientWithFailedBeforeTheNextEvent(String callback) {
    server.enqueue(SseStreams.open(STREAM));
    Recorder app = throwingFrom(callback);
    start("/v1/sse", SseConfig.builder().maxDeliveryAttempts(1), app);
    String next = app.next(l -> l.startsWith("state CLOSED") || l.startsWith("event 2"));
    assertThat(next).startsWith("state CLOSED(FAILED");
    assertThat(client.state().kind()).isEqualTo(ConnectionState.Kind.CLOSED);
    assertThat(client.state().closeReason()).isEqualTo(CloseReason.FAILED);
    if (callback.equals("onPoisonEvent")) {
      assertThat(client.lastEventId()).as("an event whose onPoisonEvent threw an Error is not given up").isNull();
    }
  }
}
