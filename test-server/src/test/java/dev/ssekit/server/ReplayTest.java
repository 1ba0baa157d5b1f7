package dev.ssekit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.server.support.EventStream;
import dev.ssekit.server.support.HubClient;
import dev.ssekit.server.support.TestEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Clauses 13, 14 and 15: replay after Last-Event-ID, the gap notice, private visibility. */
class ReplayTest {

  private SseTestServer server;

  @BeforeEach
  void start() {
    server = SseTestServer.start(HubConfig.builder().bufferSize(5).build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private EventStream connect(String clientId, String lastEventId) {
    Map<String, String> headers = lastEventId == null
        ? Map.of("X-Client-ID", clientId)
        : Map.of("X-Client-ID", clientId, "Last-Event-ID", lastEventId);
    EventStream stream = EventStream.open(server.url().resolve("/v1/sse"), headers);
    stream.next("connected");
    return stream;
  }

  private static List<String> ids(EventStream stream, int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(stream.next("message").id());
    }
    return ids;
  }

  /** Clause 13. */
  @Test
  void replaysOnlyMessagesAfterLastEventIdInPublishOrder() {
    Hub hub = server.hub();
    String m1 = hub.broadcast(Message.of("1"));
    String m2 = hub.broadcast(Message.of("2"));
    String m3 = hub.broadcast(Message.of("3"));
    try (EventStream stream = connect("a", m1)) {
      assertThat(ids(stream, 2)).containsExactly(m2, m3);
      String m4 = hub.broadcast(Message.of("4"));
      assertThat(stream.next("message").id()).isEqualTo(m4);
      assertThat(stream.drain()).noneMatch(e -> e.type().equals("message"));
    }
  }

  /** Clause 13: a browser's first connect cannot set headers. */
  @Test
  void lastEventIdQueryParameterWorksForABrowsersFirstConnect() {
    String m1 = server.hub().broadcast(Message.of("1"));
    String m2 = server.hub().broadcast(Message.of("2"));
    try (EventStream stream = EventStream.open(server.url().resolve("/v1/sse?last_event_id=" + m1))) {
      stream.next("connected");
      assertThat(stream.next("message").id()).isEqualTo(m2);
    }
  }

  /** Clause 13. */
  @Test
  void newClientWithoutLastEventIdGetsOnlyLiveMessages() {
    server.hub().broadcast(Message.of("before"));
    try (EventStream stream = connect("a", null)) {
      String live = server.hub().broadcast(Message.of("after"));
      TestEvent e = stream.next("message");
      assertThat(e.id()).isEqualTo(live);
      assertThat(e.data()).isEqualTo("after");
    }
  }

  /** Clause 13: the seam while messages are published during the replay. */
  @Test
  void replayMeetsLiveWithNoGapAndNoDuplicateWhilePublishing() throws Exception {
    try (SseTestServer big = SseTestServer.start(
        HubConfig.builder().bufferSize(10_000).clientQueueCapacity(10_000).build())) {
      Hub hub = big.hub();
      String start = hub.broadcast(Message.of("start"));
      List<String> published = new ArrayList<>();
      AtomicBoolean publishing = new AtomicBoolean(true);
      Thread publisher = new Thread(() -> {
        for (int i = 0; i < 3000; i++) {
          published.add(hub.broadcast(Message.of(i)));
        }
        publishing.set(false);
      });
      publisher.start();
      List<String> received = new ArrayList<>();
      try (EventStream stream = EventStream.open(big.url().resolve("/v1/sse"), Map.of("Last-Event-ID", start))) {
        publisher.join();
        while (received.size() < 3000) {
          TestEvent e = stream.next(Duration.ofSeconds(10));
          if (e.type().equals("message")) {
            received.add(e.id());
          }
        }
      }
      assertThat(publishing).isFalse();
      assertThat(received).containsExactlyElementsOf(published);
    }
  }

  /** The join position of a connect without Last-Event-ID: the last_event_id of its connected event. */
  private String joinPosition(String clientId) throws Exception {
    try (EventStream stream = EventStream.open(server.url().resolve("/v1/sse"), Map.of("X-Client-ID", clientId))) {
      return HubClient.JSON.readTree(stream.next("connected").data()).get("last_event_id").asText();
    }
  }

  /** Clauses 8 and 13: a stream that ends before its first message resumes from its join position. */
  @Test
  void resumingFromTheJoinPositionGetsEveryMessagePublishedSinceTheJoin() throws Exception {
    Hub hub = server.hub();
    String before = hub.broadcast(Message.of("before"));
    String join = joinPosition("phone");
    assertThat(join).isEqualTo(before);
    String m1 = hub.broadcast(Message.of("1"));
    String m2 = hub.sendToClient("phone", Message.of("2"));
    try (EventStream back = connect("phone", join)) {
      assertThat(back.next().id()).isEqualTo(m1); // no gap notice: nothing was lost
      assertThat(back.next().id()).isEqualTo(m2);
    }
  }

  /** Clauses 8 and 13: before the first publish, the join position is the start of the hub's run. */
  @Test
  void aJoinBeforeAnyPublishResumesFromTheStartOfTheRun() throws Exception {
    Hub hub = server.hub();
    String join = joinPosition("phone");
    String m1 = hub.broadcast(Message.of("1"));
    String m2 = hub.broadcast(Message.of("2"));
    assertThat(join).isNotIn(m1, m2);
    try (EventStream back = connect("phone", join)) {
      assertThat(back.next().id()).isEqualTo(m1);
      assertThat(back.next().id()).isEqualTo(m2);
    }
  }

  /** Clauses 13 and 14: a join position whose next messages were evicted gets the gap notice. */
  @Test
  void aJoinPositionPastTheBufferGetsAGapNotice() throws Exception {
    Hub hub = server.hub();
    String join = joinPosition("phone");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      ids.add(hub.broadcast(Message.of(i))); // buffer size 5: the first two are evicted
    }
    try (EventStream back = connect("phone", join)) {
      TestEvent gap = back.next();
      assertThat(gap.type()).isEqualTo("gap");
      assertThat(HubClient.JSON.readTree(gap.data()).get("last_event_id").asText()).isEqualTo(join);
      assertThat(ids(back, 5)).containsExactlyElementsOf(ids.subList(2, 7));
    }
  }

  /** Clause 8: a resuming connect already has its position; its connected event carries none. */
  @Test
  void aResumingConnectsConnectedEventHasNoJoinPosition() throws Exception {
    String m1 = server.hub().broadcast(Message.of("1"));
    try (EventStream stream = EventStream.open(server.url().resolve("/v1/sse"), Map.of("Last-Event-ID", m1))) {
      assertThat(HubClient.JSON.readTree(stream.next("connected").data()).has("last_event_id")).isFalse();
    }
  }

  /** Clause 14. */
  @Test
  void unknownLastEventIdGetsAGapNoticeThenWhateverIsBuffered() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      ids.add(server.hub().broadcast(Message.of(i)));
    }
    // buffer size 5: ids 0..2 are evicted
    try (EventStream stream = connect("a", ids.get(1))) {
      TestEvent gap = stream.next();
      assertThat(gap.type()).isEqualTo("gap");
      assertThat(gap.id()).isNull();
      JsonNode data = HubClient.JSON.readTree(gap.data());
      assertThat(data.get("last_event_id").asText()).isEqualTo(ids.get(1));
      assertThat(data.get("oldest_available_id").asText()).isEqualTo(ids.get(3));
      assertThat(ids(stream, 5)).containsExactlyElementsOf(ids.subList(3, 8));
    }
  }

  /** Clause 14. */
  @Test
  void neverIssuedIdOnAnEmptyBufferStillGetsAGap() throws Exception {
    try (EventStream stream = connect("a", "never-issued")) {
      TestEvent gap = stream.next();
      assertThat(gap.type()).isEqualTo("gap");
      JsonNode data = HubClient.JSON.readTree(gap.data());
      assertThat(data.get("oldest_available_id").isNull()).isTrue();
    }
  }

  /** Clause 15. */
  @Test
  void privateMessageReachesOnlyItsClientLiveAndOnReplay() {
    Hub hub = server.hub();
    String zero = hub.broadcast(Message.of("zero"));
    String secret;
    String pub;
    try (EventStream alice = connect("alice", null); EventStream bob = connect("bob", null)) {
      secret = hub.sendToClient("alice", Message.of("for alice"));
      pub = hub.broadcast(Message.of("for all"));
      assertThat(ids(alice, 2)).containsExactly(secret, pub);
      assertThat(ids(bob, 1)).containsExactly(pub);
    }
    try (EventStream bobAgain = connect("bob", zero); EventStream aliceAgain = connect("alice", zero)) {
      String marker = hub.broadcast(Message.of("marker"));
      assertThat(ids(bobAgain, 2)).containsExactly(pub, marker);
      assertThat(ids(aliceAgain, 3)).containsExactly(secret, pub, marker);
    }
    assertThat(hub.getMissedMessages("bob", zero)).extracting(BufferedMessage::id).doesNotContain(secret);
    assertThat(hub.getMissedMessages("alice", zero)).extracting(BufferedMessage::id).contains(secret);
  }

  /** Clause 15: a known client that is offline gets its private message when it comes back. */
  @Test
  void privateMessageToAnOfflineKnownClientWaitsInTheBuffer() {
    String last;
    try (EventStream phone = connect("phone", null)) {
      last = server.hub().broadcast(Message.of("seen"));
      assertThat(phone.next("message").id()).isEqualTo(last);
    }
    String secret = server.hub().sendToClient("phone", Message.of("while away"));
    try (EventStream back = connect("phone", last)) {
      TestEvent e = back.next("message");
      assertThat(e.id()).isEqualTo(secret);
      assertThat(e.data()).isEqualTo("while away");
    }
  }
}
