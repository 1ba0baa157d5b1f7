package dev.ssekit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.server.support.HubClient;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Clause 16: the missed-messages endpoint. */
class MissedMessagesTest {

  private SseTestServer server;
  private HubClient client;

  @BeforeEach
  void start() {
    server = SseTestServer.start(HubConfig.defaults());
    client = new HubClient(server.url());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void listsVisibleMessagesAfterTheGivenIdAsBufferedMessageJson() {
    Hub hub = server.hub();
    hub.getDeliveryManager().registerClient("alice");
    String a = hub.broadcast(Message.of("a"));
    String b = hub.broadcast(new Message("typed", Map.of("n", 1), null, 1500));
    hub.sendToClient("alice", Message.of("private"));
    HubClient.Reply reply = client.get("/v1/sse/missed?client_id=bob&last_received_id=" + a);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    JsonNode list = reply.json();
    assertThat(list.size()).isEqualTo(1);
    JsonNode m = list.get(0);
    assertThat(m.get("id").asText()).isEqualTo(b);
    assertThat(m.get("event").asText()).isEqualTo("typed");
    assertThat(m.get("data").asText()).isEqualTo("{\"n\":1}");
    assertThat(m.get("retry").asInt()).isEqualTo(1500);
    assertThat(m.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(m.has("recipient")).isFalse();

    assertThat(client.get("/events/missed-msg?client_id=alice&last_received_id=" + a).json().size()).isEqualTo(2);
  }

  @Test
  void withoutLastReceivedIdListsWhatComesAfterTheClientsLastAck() {
    Hub hub = server.hub();
    hub.getDeliveryManager().registerClient("carol");
    String a = hub.broadcast(Message.of("a"));
    String b = hub.broadcast(Message.of("b"));
    String c = hub.broadcast(Message.of("c"));
    assertThat(client.get("/v1/sse/missed?client_id=carol").json()).hasSize(3);
    assertThat(client.post("/v1/sse/ack", "{\"client_id\":\"carol\",\"last_event_id\":\"" + a + "\"}", Map.of())
        .status()).isEqualTo(204);
    JsonNode list = client.get("/v1/sse/missed?client_id=carol").json();
    assertThat(list).hasSize(2);
    assertThat(list.get(0).get("id").asText()).isEqualTo(b);
    assertThat(list.get(1).get("id").asText()).isEqualTo(c);
  }

  @Test
  void unknownLastReceivedIdListsEverythingAndSaysItIsAGap() {
    server.hub().broadcast(Message.of("a"));
    HubClient.Reply reply = client.get("/v1/sse/missed?client_id=x&last_received_id=zzz");
    assertThat(reply.json()).hasSize(1);
    assertThat(reply.header("X-Ssekit-Gap")).isEqualTo("true");
  }

  @Test
  void missingClientIdIs400() {
    HubClient.Reply reply = client.get("/v1/sse/missed");
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().get("code").asText()).isEqualTo("BAD_REQUEST");
  }

  @Test
  void aClientIdTheHubHasNoTrackerForSeesBroadcastsOnly() {
    Hub hub = server.hub();
    hub.getDeliveryManager().registerClient("gone");
    hub.sendToClient("gone", Message.of("private to gone"));
    String open = hub.broadcast(Message.of("for everyone"));
    hub.getDeliveryManager().unregisterClient("gone");
    JsonNode list = client.get("/v1/sse/missed?client_id=gone").json();
    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("id").asText()).isEqualTo(open);
  }
}
