package dev.ssekit.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.server.support.EventStream;
import dev.ssekit.server.support.TestEvent;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Clause 11: hub-assigned ids. */
class MessageIdTest {

  @Test
  void messagesWithoutIdGetUniqueIdsAndCallerIdsAreKept() {
    try (Hub hub = Hub.create(HubConfig.defaults())) {
      Set<String> ids = new HashSet<>();
      for (int i = 0; i < 1000; i++) {
        ids.add(hub.broadcast(Message.of(i)));
      }
      assertThat(ids).hasSize(1000);
      assertThat(hub.broadcast(Message.of("x").withId("mine-1"))).isEqualTo("mine-1");
    }
  }

  @Test
  void idsFromAnEarlierRunNeverMatchAndReportAGap() {
    String oldId;
    try (Hub first = Hub.create(HubConfig.defaults())) {
      oldId = first.broadcast(Message.of("old"));
    }
    try (SseTestServer second = SseTestServer.start(HubConfig.defaults())) {
      String newId = second.hub().broadcast(Message.of("new"));
      assertThat(newId).isNotEqualTo(oldId);
      try (EventStream stream = EventStream.open(second.url().resolve("/v1/sse"), Map.of("Last-Event-ID", oldId))) {
        stream.next("connected");
        TestEvent gap = stream.next();
        assertThat(gap.type()).isEqualTo("gap");
        assertThat(stream.next().id()).isEqualTo(newId);
      }
    }
  }

  @Test
  void idsAreOrderedWithinARun() {
    try (Hub hub = Hub.create(HubConfig.defaults())) {
      String a = hub.broadcast(Message.of("a"));
      String b = hub.broadcast(Message.of("b"));
      String c = hub.broadcast(Message.of("c"));
      assertThat(seq(a)).isLessThan(seq(b));
      assertThat(seq(b)).isLessThan(seq(c));
      assertThat(a.substring(0, a.lastIndexOf('-'))).isEqualTo(c.substring(0, c.lastIndexOf('-')));
    }
  }

  private static long seq(String id) {
    return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
  }
}
