package dev.ssekit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssekit.server.support.EventStream;
import dev.ssekit.server.support.HubClient;
import dev.ssekit.server.support.TestEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Clauses 13, 14, 16 and 17: one replay rule. The stream's replay, {@code /missed} and
 * {@code getMissedMessages} answer alike for every kind of id.
 */
class ReplayRuleTest {

  private SseTestServer server;
  private HubClient client;

  private void start(HubConfig.Builder config) {
    server = SseTestServer.start(config.heartbeatInterval(Duration.ofMillis(50)).build());
    client = new HubClient(server.url());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** What one way of asking answered: the ids listed, and whether it reported a gap. */
  private record Answer(List<String> ids, boolean gap) {}

  /** The stream's replay: everything before its first heartbeat, which comes only after the replay was sent. */
  private Answer byStream(String clientId, String lastEventId) {
    Map<String, String> headers = new HashMap<>(Map.of("X-Client-ID", clientId, "Last-Event-ID", lastEventId));
    try (EventStream s = EventStream.open(server.url().resolve("/v1/sse"), headers)) {
      s.next("connected");
      List<String> ids = new ArrayList<>();
      boolean gap = false;
      for (TestEvent e = s.next(); !e.type().equals("heartbeat"); e = s.next()) {
        if (e.type().equals("gap")) {
          assertThat(ids).as("the gap notice comes first").isEmpty();
          gap = true;
        } else {
          ids.add(e.id());
        }
      }
      return new Answer(ids, gap);
    } finally {
      await().atMost(Duration.ofSeconds(5)).until(() -> server.hub().getClientCount() == 0);
    }
  }

  private Answer byMissed(String clientId, String lastEventId) {
    HubClient.Reply reply = client.get("/v1/sse/missed?limit=1000&client_id=" + clientId
        + "&last_received_id=" + java.net.URLEncoder.encode(lastEventId, java.nio.charset.StandardCharsets.UTF_8));
    assertThat(reply.status()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    reply.json().forEach(m -> ids.add(m.get("id").asText()));
    return new Answer(ids, "true".equals(reply.header("X-Ssekit-Gap")));
  }

  private List<String> byJavaApi(String clientId, String lastEventId) {
    List<String> ids = new ArrayList<>();
    server.hub().getMissedMessages(clientId, lastEventId).forEach(m -> ids.add(m.id()));
    return ids;
  }

  private String origin() {
    try (EventStream s = EventStream.open(server.url().resolve("/v1/sse"), Map.of("X-Client-ID", "probe"))) {
      return HubClient.JSON.readTree(s.next("connected").data()).get("last_event_id").asText();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void resumingFromTheOriginIsNoGapOnTheStreamNorOnMissedNorInTheJavaApi() {
    start(HubConfig.builder());
    String origin = origin();
    assertThat(origin).endsWith("-0");
    List<String> published = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      published.add(server.hub().broadcast(Message.of("m" + i)));
    }
    Answer missed = byMissed("phone", origin);
    assertThat(missed).isEqualTo(new Answer(published, false));
    assertThat(byJavaApi("phone", origin)).containsExactlyElementsOf(published);
    assertThat(byStream("phone", origin)).isEqualTo(new Answer(published, false));
  }

  @Test
  void theStreamMissedAndTheJavaApiAnswerAlikeForEveryKindOfId() {
    start(HubConfig.builder().bufferSize(6));
    String origin = origin();
    // "tablet" is known, so private sends to it are buffered; "phone" may not see them.
    try (EventStream tablet = EventStream.open(server.url().resolve("/v1/sse"), Map.of("X-Client-ID", "tablet"))) {
      tablet.next("connected");
    }
    try (EventStream phone = EventStream.open(server.url().resolve("/v1/sse"), Map.of("X-Client-ID", "phone"))) {
      phone.next("connected");
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> server.hub().getClientCount() == 0);
    String evicted = server.hub().broadcast(Message.of("evicted"));
    String known = server.hub().broadcast(Message.of("known"));
    String privateToTablet = server.hub().sendToClient("tablet", Message.of("tablet's").withId("tablet-secret"));
    String own = server.hub().sendToClient("phone", Message.of("phone's"));
    server.hub().broadcast(Message.of("after"));
    server.hub().broadcast(Message.of("more"));
    server.hub().broadcast(Message.of("evicts the first")); // the buffer holds 6: "evicted" is gone
    for (String id : new String[] {origin, evicted, known, privateToTablet, own, "never-issued"}) {
      Answer missed = byMissed("phone", id);
      assertThat(byJavaApi("phone", id)).as(id).containsExactlyElementsOf(missed.ids());
      Answer stream = byStream("phone", id);
      assertThat(stream).as(id).isEqualTo(missed);
      assertThat(missed.ids()).as(id).doesNotContain(privateToTablet);
    }
    assertThat(byMissed("phone", known).gap()).isFalse();
    assertThat(byMissed("phone", privateToTablet).gap()).isTrue();
    assertThat(byMissed("phone", origin).gap()).as("this run's first message was evicted").isTrue();
  }

  @Test
  void theHubRemembersTheLargerOfTheBufferSizeAndTheClientQueueOfCallerChosenIdsForAcks() {
    start(HubConfig.builder().bufferSize(2).clientQueueCapacity(5));
    try (EventStream phone = EventStream.open(server.url().resolve("/v1/sse"), Map.of("X-Client-ID", "phone"))) {
      phone.next("connected");
      for (int i = 1; i <= 6; i++) {
        server.hub().broadcast(Message.of("m").withId("chosen-" + i));
      }
      assertThat(ack("phone", "chosen-1").status()).as("the sixth id pushed the first out").isEqualTo(400);
      assertThat(ack("phone", "chosen-2").status()).as("held by neither the buffer nor the journal, but remembered")
          .isEqualTo(204);
    }
  }

  private HubClient.Reply ack(String clientId, String id) {
    return client.post("/v1/sse/ack", "{\"client_id\":\"" + clientId + "\",\"last_event_id\":\"" + id + "\"}",
        Map.of());
  }
}
