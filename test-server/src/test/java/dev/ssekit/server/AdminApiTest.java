package dev.ssekit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.server.support.EventStream;
import dev.ssekit.server.support.HubClient;
import dev.ssekit.server.support.TestEvent;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Clause 19: the admin API. */
class AdminApiTest {

  private SseTestServer server;
  private HubClient client;

  @BeforeEach
  void start() {
    server = SseTestServer.start(HubConfig.builder().adminToken("adm")
        .tokenValidator(TokenValidator.staticTokens("user")).build());
    client = new HubClient(server.url());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private EventStream connect(String clientId) {
    EventStream s = EventStream.open(server.url().resolve("/v1/sse"),
        Map.of("X-Client-ID", clientId, "Authorization", "Bearer user"));
    s.next("connected");
    return s;
  }

  @Test
  void broadcastAndPrivateSendAnswerWithTheAssignedId() throws Exception {
    try (EventStream a = connect("a"); EventStream b = connect("b")) {
      HubClient.Reply sent = client.admin("/v1/admin/broadcast",
          "{\"event\":\"news\",\"data\":{\"title\":\"hi\"},\"retry\":2000}", "adm");
      assertThat(sent.status()).isEqualTo(200);
      String id = sent.json().get("id").asText();
      TestEvent got = a.next("news");
      assertThat(got.id()).isEqualTo(id);
      assertThat(got.data()).isEqualTo("{\"title\":\"hi\"}");
      assertThat(got.retry()).isEqualTo(2000);

      HubClient.Reply dm = client.admin("/v1/admin/clients/b/messages", "{\"id\":\"dm-1\",\"data\":\"psst\"}", "adm");
      assertThat(dm.json().get("id").asText()).isEqualTo("dm-1");
      assertThat(b.next(e -> e.type().equals("message"), java.time.Duration.ofSeconds(5)).data()).isEqualTo("psst");
      assertThat(a.drain()).noneMatch(e -> "dm-1".equals(e.id()));
    }
  }

  @Test
  void clientsListShowsDeliveryState() throws Exception {
    try (EventStream a = connect("a")) {
      String id = server.hub().broadcast(Message.of("x"));
      a.next("message");
      client.post("/v1/sse/ack?token=user", "{\"client_id\":\"a\",\"last_event_id\":\"" + id + "\"}", Map.of());
      JsonNode list = client.admin("/v1/admin/clients", null, "adm").json();
      assertThat(list).hasSize(1);
      JsonNode c = list.get(0);
      assertThat(c.get("client_id").asText()).isEqualTo("a");
      assertThat(c.get("connected_since").asText()).endsWith("Z");
      assertThat(c.get("last_sent_id").asText()).isEqualTo(id);
      assertThat(c.get("last_acked_id").asText()).isEqualTo(id);
      assertThat(c.get("queue_depth").asLong()).isZero();
    }
  }

  @Test
  void statsCountConnectionsMessagesBufferAndAuthFailures() {
    try (EventStream a = connect("a")) {
      assertThat(a.status()).isEqualTo(200);
      server.hub().broadcast(Message.of("1"));
      server.hub().broadcast(Message.of("2"));
      client.get("/v1/sse?token=wrong");
      JsonNode stats = client.admin("/v1/admin/stats", null, "adm").json();
      assertThat(stats.get("connections").asInt()).isEqualTo(1);
      assertThat(stats.get("messages_published").asLong()).isEqualTo(2);
      assertThat(stats.get("buffer_size").asInt()).isEqualTo(2);
      assertThat(stats.get("slow_consumer_disconnects").asLong()).isZero();
      assertThat(stats.get("auth_failures").asLong()).isEqualTo(1);
    }
  }

  @Test
  void adminNeedsTheAdminTokenNotAClientToken() {
    assertThat(client.get("/v1/admin/stats").status()).isEqualTo(401);
    assertThat(client.admin("/v1/admin/stats", null, "user").status()).isEqualTo(403);
    assertThat(client.admin("/v1/admin/broadcast", "{\"data\":1}", "wrong").status()).isEqualTo(403);
    assertThat(server.hub().stats().messagesPublished()).isZero();
  }

  @Test
  void adminApiDoesNotExistWithoutAnAdminToken() {
    try (SseTestServer plain = SseTestServer.start(HubConfig.defaults())) {
      HubClient.Reply reply = new HubClient(plain.url()).admin("/v1/admin/stats", null, "anything");
      assertThat(reply.status()).isEqualTo(404);
      assertThat(reply.json().get("code").asText()).isEqualTo("NOT_FOUND");
    }
  }
}
