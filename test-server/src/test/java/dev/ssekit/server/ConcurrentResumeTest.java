package dev.ssekit.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.server.support.EventStream;
import dev.ssekit.server.support.TestEvent;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Clauses 13 and 18 under load: 50 clients drop and resume at random moments with their Last-Event-ID while
 * 20,000 messages are broadcast; each must end up with exactly the published sequence.
 */
class ConcurrentResumeTest {

  private static final int CLIENTS = 50;
  private static final int MESSAGES = 20_000;

  @Test
  void everyClientReceivesExactlyThePublishedSequenceAcrossRandomReconnects() throws Exception {
    try (SseTestServer server = SseTestServer.start(HubConfig.builder().bufferSize(MESSAGES + 10).build())) {
      String start = server.hub().broadcast(Message.of("start"));
      URI uri = server.url().resolve("/v1/sse");
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
      try {
        List<Future<List<String>>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
          long seed = 1000L + c;
          String clientId = "client-" + c;
          clients.add(pool.submit(() -> receiveAll(uri, clientId, start, new Random(seed))));
        }
        Future<List<String>> publisher = pool.submit(() -> {
          List<String> ids = new ArrayList<>(MESSAGES);
          for (int i = 0; i < MESSAGES; i++) {
            ids.add(server.hub().broadcast(Message.of(Integer.toString(i))));
          }
          return ids;
        });
        List<String> published = publisher.get(120, TimeUnit.SECONDS);
        for (Future<List<String>> client : clients) {
          assertThat(client.get(180, TimeUnit.SECONDS)).containsExactlyElementsOf(published);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /** Reads until it has every message, hanging up after a random number of events each time. */
  private static List<String> receiveAll(URI uri, String clientId, String start, Random random) {
    List<String> received = new ArrayList<>(MESSAGES);
    String last = start;
    while (received.size() < MESSAGES) {
      try (EventStream stream = EventStream.open(uri, Map.of("X-Client-ID", clientId, "Last-Event-ID", last))) {
        int budget = 1 + random.nextInt(3000);
        while (received.size() < MESSAGES && budget > 0) {
          TestEvent e = stream.poll(Duration.ofMillis(100));
          if (e == null) {
            if (stream.ended().isDone()) {
              break; // the hub dropped us (slow consumer): resume
            }
            continue;
          }
          if (e.type().equals("gap")) {
            throw new AssertionError(clientId + " got a gap: " + e.data());
          }
          if (e.type().equals("message")) {
            received.add(e.id());
            last = e.id();
            budget--;
          }
        }
      }
    }
    return received;
  }
}
