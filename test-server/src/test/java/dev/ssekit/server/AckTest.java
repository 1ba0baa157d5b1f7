package dev.ssekit.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.server.support.EventStream;
import dev.ssekit.server.support.HubClient;
import dev.ssekit.server.support.MutableClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Clause 17: acknowledgements and trackers. */
class AckTest {

  private final MutableClock clock = new MutableClock();
  private SseTestServer server;
  private HubClient client;

  private void start(HubConfig config) {
    server = SseTestServer.start(config);
    client = new HubClient(server.url());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HubClient.Reply ack(String clientId, String id) {
    return client.post("/v1/sse/ack", "{\"client_id\":\"" + clientId + "\",\"last_event_id\":\"" + id + "\"}", Map.of());
  }

  private String ackedBy(String clientId) {
    return server.hub().getDeliveryManager().getClientTracker(clientId).map(ClientDeliveryTracker::lastAckedId).orElse(null);
  }

  @Test
  void ackAnswers204AndIsRecordedInTheClientsTracker() {
    start(HubConfig.defaults());
    server.hub().getDeliveryManager().registerClient("c1");
    String id = server.hub().broadcast(Message.of("x"));
    assertThat(ack("c1", id).status()).isEqualTo(204);
    assertThat(ackedBy("c1")).isEqualTo(id);
  }

  @Test
  void acksOnlyMoveForwardAndAnOlderOneIsAcceptedAndIgnored() {
    start(HubConfig.defaults());
    server.hub().getDeliveryManager().registerClient("c1");
    String a = server.hub().broadcast(Message.of("a"));
    String b = server.hub().broadcast(Message.of("b").withId("custom-b"));
    String c = server.hub().broadcast(Message.of("c"));
    assertThat(ack("c1", b).status()).isEqualTo(204);
    assertThat(ack("c1", a).status()).isEqualTo(204);
    assertThat(ackedBy("c1")).isEqualTo(b);
    assertThat(ack("c1", c).status()).isEqualTo(204);
    assertThat(ackedBy("c1")).isEqualTo(c);
  }

  @Test
  void idTheHubDidNotIssueGets400() {
    start(HubConfig.defaults());
    String real = server.hub().broadcast(Message.of("a"));
    String run = real.substring(0, real.lastIndexOf('-'));
    for (String bogus : new String[] {"nope", run + "-999", "otherrun-1"}) {
      HubClient.Reply reply = ack("c1", bogus);
      assertThat(reply.status()).as(bogus).isEqualTo(400);
      assertThat(reply.json().get("code").asText()).isEqualTo("UNKNOWN_EVENT_ID");
    }
    assertThat(ackedBy("c1")).isNull();
  }

  @Test
  void ackBodyMustNameClientAndId() {
    start(HubConfig.defaults());
    assertThat(client.post("/v1/sse/ack", "{\"client_id\":\"c1\"}", Map.of()).status()).isEqualTo(400);
    assertThat(client.post("/v1/sse/ack", "[1,2]", Map.of()).status()).isEqualTo(400);
    assertThat(client.post("/v1/sse/ack", "{\"client_id\":5,\"last_event_id\":\"x\"}", Map.of()).status()).isEqualTo(400);
  }

  @Test
  void trackerOutlivesTheConnectionForTheBufferTtlThenIsForgotten() {
    start(HubConfig.builder().clock(clock).bufferTtl(Duration.ofMinutes(5))
        .heartbeatInterval(Duration.ofMillis(50)).build());
    String id;
    try (EventStream stream = EventStream.open(server.url().resolve("/v1/sse"), Map.of("X-Client-ID", "roamer"))) {
      stream.next("connected");
      id = server.hub().broadcast(Message.of("x"));
      stream.next("message");
      assertThat(ack("roamer", id).status()).isEqualTo(204);
    }
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.hub().getClientCount() == 0);
    String missed = server.hub().broadcast(Message.of("while away"));
    assertThat(ackedBy("roamer")).isEqualTo(id);
    assertThat(server.hub().getMissedMessages("roamer", null)).extracting(BufferedMessage::id).containsExactly(missed);
    assertThat(server.hub().getDeliveryManager().getClientTracker("roamer").orElseThrow().lastSentId()).isEqualTo(id);

    clock.advance(Duration.ofMinutes(6));
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
        .until(() -> server.hub().getDeliveryManager().getClientTracker("roamer").isEmpty());
  }
}
