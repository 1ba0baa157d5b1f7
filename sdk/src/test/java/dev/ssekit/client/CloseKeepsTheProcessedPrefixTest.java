package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssekit.client.support.SseStreams;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code close()} called while a batch of events is being delivered: the events processed before it still
 * reach the {@link LastEventIdStore} (a new client resumes right after them), and the event given up because
 * the client was closing, and every later one, do not count.
 */
class CloseKeepsTheProcessedPrefixTest {

  @StartStop
  final MockWebServer server = new MockWebServer();

  private final MemoryStore store = new MemoryStore();
  private final List<String> handled = new CopyOnWriteArrayList<>();
  private final List<String> poisoned = new CopyOnWriteArrayList<>();
  private final List<ConnectionState> states = new CopyOnWriteArrayList<>();
  private SseClient client;

  private static final class MemoryStore implements LastEventIdStore {
    volatile String last;

    @Override
    public String lastEventId() {
      return last;
    }

    @Override
    public void saveLastEventId(String id) {
      last = id;
    }

    @Override
    public String clientId() {
      return null;
    }

    @Override
    public void saveClientId(String clientId) {}
  }

  @AfterEach
  void closeClient() {
    if (client != null) {
      client.close();
    }
  }

  /** Five events in one response, so that they reach the callback thread as one batch. */
  private void serveFiveEvents() {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= 5; i++) {
      sb.append("id: ").append(i).append("\ndata: e").append(i).append("\n\n");
    }
    server.enqueue(SseStreams.open(sb.toString()));
  }

  /** Starts a client whose app closes it on event 3, then returns normally or throws. */
  private void startClosingOnThree(final boolean thenThrow) {
    client = SseClient.builder(server.url("/v1/sse").toString())
        .config(SseConfig.builder().lastEventIdStore(store).ackPolicy(AckPolicy.disabled()).build())
        .listener(new SseListener() {
          @Override
          public void onEvent(SseEvent event) {
            handled.add(event.id());
            if (event.id().equals("3")) {
              client.close();
              if (thenThrow) {
                throw new IllegalStateException("the app is gone");
              }
            }
          }

          @Override
          public void onPoisonEvent(SseEvent event, SseException lastError) {
            poisoned.add(event.id());
          }

          @Override
          public void onStateChange(ConnectionState state) {
            states.add(state);
          }
        }).build();
    client.start();
    await().atMost(10, TimeUnit.SECONDS).until(() -> !states.isEmpty() && states.get(states.size() - 1).isClosed());
  }

  @Test
  void closingInACallbackThatReturnsKeepsThatEventAndTheOnesBeforeItInTheStore() {
    serveFiveEvents();
    startClosingOnThree(false);

    assertThat(handled).containsExactly("1", "2", "3");
    assertThat(store.last).isEqualTo("3");
    assertThat(client.lastEventId()).isEqualTo("3");
  }

  @Test
  void anEventGivenUpWhileTheClientClosesDoesNotCountButTheOnesBeforeItDo() {
    serveFiveEvents();
    startClosingOnThree(true);

    assertThat(handled).startsWith("1", "2", "3").doesNotContain("4", "5");
    assertThat(store.last).isEqualTo("2");
    assertThat(client.lastEventId()).isEqualTo("2");
  }
}
