package dev.ssekit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssekit.server.support.EventStream;
import dev.ssekit.server.support.TestEvent;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scale: 2,000 concurrent streams on loopback each receive one broadcast (on Java 17 platform threads too). */
class ManyStreamsTest {

  private static final int STREAMS = 2000;

  @Test
  void twoThousandConcurrentStreamsEachReceiveABroadcast() {
    List<EventStream> streams = new ArrayList<>(STREAMS);
    try (SseTestServer server = SseTestServer.start(HubConfig.defaults())) {
      URI uri = server.url().resolve("/v1/sse");
      try {
        for (int i = 0; i < STREAMS; i++) {
          streams.add(EventStream.open(uri));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> server.hub().getClientCount() == STREAMS);
        String id = server.hub().broadcast(Message.of("to everyone"));
        for (EventStream s : streams) {
          TestEvent e = s.next(x -> x.type().equals("message"), Duration.ofSeconds(30));
          assertThat(e.id()).isEqualTo(id);
          assertThat(e.data()).isEqualTo("to everyone");
        }
      } finally {
        streams.forEach(EventStream::close);
      }
    }
  }
}
