package dev.ssekit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssekit.server.support.EventStream;
import dev.ssekit.server.support.HubClient;
import dev.ssekit.server.support.RawStream;
import dev.ssekit.server.support.Threads;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Clauses 19 and 21: {@code POST /v1/admin/stop} stops the hub as {@code stop()} does; the listener stays up. */
class AdminStopTest {

  private static final Map<String, String> ADMIN = Map.of("Authorization", "Bearer adm");
  private SseTestServer server;
  private HubClient client;

  private void start(HubConfig config) {
    server = SseTestServer.start(config);
    client = new HubClient(server.url());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void adminStopAnswers200ThenEveryStreamEndsAndEveryEndpointAnswers503WhileTheListenerStaysUp() throws Exception {
    start(HubConfig.builder().adminToken("adm").bufferSize(10_000).clientQueueCapacity(10_000).build());
    EventStream reading = EventStream.open(server.url().resolve("/v1/sse"), Map.of("X-Client-ID", "reader"));
    reading.next("connected");
    try (RawStream stuck = RawStream.openWithoutReading(server.url(), "/v1/sse", Map.of("X-Client-ID", "stuck"))) {
      await().atMost(Duration.ofSeconds(5)).until(() -> server.hub().getClientCount() == 2);
      String payload = "z".repeat(32 * 1024);
      for (int i = 0; i < 300; i++) {
        server.hub().broadcast(Message.of(payload)); // fills the stuck client's socket: its write blocks
      }
      HubClient.Reply stopped = client.post("/v1/admin/stop", "", ADMIN);
      assertThat(stopped.status()).isEqualTo(200);
      assertThat(stopped.header("Content-Type")).startsWith("application/json");
      assertThat(stopped.json().get("stopped").asBoolean()).isTrue();
      assertThat(server.hub().isStopped()).isTrue();
      reading.ended().get(5, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(5)).until(() -> server.hub().getClientCount() == 0);
      for (String path : new String[] {"/v1/sse", "/healthz", "/v1/sse/missed?client_id=reader", "/", "/console",
          "/v1/admin/clients", "/v1/admin/stats"}) {
        HubClient.Reply reply = client.get(path, ADMIN);
        assertThat(reply.status()).as(path).isEqualTo(503);
        assertThat(reply.json().get("code").asText()).as(path).isEqualTo("SERVICE_UNAVAILABLE");
      }
      for (String path : new String[] {"/v1/sse/ack", "/v1/admin/broadcast", "/v1/admin/faults",
          "/v1/admin/clients/reader/messages", "/v1/admin/stop"}) {
        HubClient.Reply reply = client.post(path, "{}", ADMIN);
        assertThat(reply.status()).as(path).isEqualTo(503);
        assertThat(reply.json().get("code").asText()).as(path).isEqualTo("SERVICE_UNAVAILABLE");
      }
      assertThat(client.method("OPTIONS", "/v1/sse", Map.of()).status()).isEqualTo(503);
      await().atMost(Duration.ofSeconds(5))
          .until(() -> Threads.hubThreads().stream().noneMatch(n -> n.equals("ssekit-hub-sweeper")));
    }
  }

  @Test
  void adminStopNeedsTheAdminTokenAndLeavesTheHubRunningWithoutIt() {
    start(HubConfig.builder().adminToken("adm").build());
    HubClient.Reply missing = client.post("/v1/admin/stop", "", Map.of());
    assertThat(missing.status()).isEqualTo(401);
    assertThat(missing.json().get("code").asText()).isEqualTo("UNAUTHORIZED");
    HubClient.Reply wrong = client.post("/v1/admin/stop", "", Map.of("Authorization", "Bearer nope"));
    assertThat(wrong.status()).isEqualTo(403);
    assertThat(wrong.json().get("code").asText()).isEqualTo("FORBIDDEN");
    assertThat(client.get("/v1/admin/stop", ADMIN).status()).isEqualTo(405);
    assertThat(server.hub().isStopped()).isFalse();
    assertThat(client.get("/healthz").status()).isEqualTo(200);
  }

  @Test
  void withoutAnAdminTokenTheStopPathDoesNotExist() {
    start(HubConfig.defaults());
    HubClient.Reply reply = client.post("/v1/admin/stop", "", Map.of());
    assertThat(reply.status()).isEqualTo(404);
    assertThat(server.hub().isStopped()).isFalse();
  }
}
