package dev.ssekit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.server.support.EventStream;
import dev.ssekit.server.support.HubClient;
import dev.ssekit.server.support.RawStream;
import dev.ssekit.server.support.TestEvent;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Clauses 6, 7 and 8: stream headers, CORS, client ids and the connected event. */
class StreamOpeningTest {

  private SseTestServer server;

  @BeforeEach
  void start() {
    server = SseTestServer.start(HubConfig.builder().retryHint(Duration.ofMillis(4321)).build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Clause 6. */
  @Test
  void streamAnswersWithEventStreamHeadersAndFlushesTheFirstEventAtOnce() throws Exception {
    try (RawStream raw = RawStream.open(server.url(), "/v1/sse", Map.of("Origin", "https://app.example"))) {
      assertThat(raw.status()).isEqualTo(200);
      assertThat(raw.header("Content-Type")).isEqualTo("text/event-stream; charset=utf-8");
      assertThat(raw.header("Cache-Control")).isEqualTo("no-cache");
      assertThat(raw.header("X-Accel-Buffering")).isEqualTo("no");
      assertThat(raw.header("Access-Control-Allow-Origin")).isEqualTo("*");
      assertThat(raw.nextBlockText()).startsWith("event: connected\n");
    }
  }

  /** Clause 6. */
  @Test
  void preflightAllowsTheHeadersAnSseClientSends() {
    HubClient.Reply reply = new HubClient(server.url()).method("OPTIONS", "/v1/sse",
        Map.of("Origin", "https://app.example", "Access-Control-Request-Method", "GET",
            "Access-Control-Request-Headers", "authorization, last-event-id"));
    assertThat(reply.status()).isEqualTo(204);
    assertThat(reply.header("Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(reply.header("Access-Control-Allow-Headers"))
        .contains("Authorization", "Last-Event-ID", "X-Client-ID", "X-Encrypted-Token");
    assertThat(reply.header("Access-Control-Allow-Methods")).contains("GET");
  }

  /** Clause 6. */
  @Test
  void configuredOriginsAreEchoedAndOthersAreNot() {
    try (SseTestServer strict = SseTestServer.start(
        HubConfig.builder().corsOrigins(java.util.List.of("https://good.example")).build())) {
      HubClient client = new HubClient(strict.url());
      assertThat(client.get("/healthz", Map.of("Origin", "https://good.example")).header("Access-Control-Allow-Origin"))
          .isEqualTo("https://good.example");
      assertThat(client.get("/healthz", Map.of("Origin", "https://evil.example")).header("Access-Control-Allow-Origin"))
          .isNull();
    }
  }

  /** Clause 8. */
  @Test
  void firstEventIsConnectedWithClientIdTimestampAndRetryHintButNoId() throws Exception {
    try (EventStream stream = EventStream.open(server.url().resolve("/v1/sse"), Map.of("X-Client-ID", "phone-1"))) {
      TestEvent connected = stream.next();
      assertThat(connected.type()).isEqualTo("connected");
      assertThat(connected.id()).isNull();
      assertThat(connected.retry()).isEqualTo(4321);
      JsonNode data = HubClient.JSON.readTree(connected.data());
      assertThat(data.get("client_id").asText()).isEqualTo("phone-1");
      assertThat(data.get("timestamp").asLong()).isPositive();
    }
  }

  /** Clause 7. */
  @Test
  void clientIdComesFromHeaderThenQueryElseTheHubMakesOne() throws Exception {
    try (EventStream byHeader = EventStream.open(server.url().resolve("/v1/sse?client_id=q"), Map.of("X-Client-ID", "h"));
        EventStream byQuery = EventStream.open(server.url().resolve("/sse?client_id=q"));
        EventStream generated = EventStream.open(server.url().resolve("/events"))) {
      assertThat(clientIdOf(byHeader.next())).isEqualTo("h");
      assertThat(clientIdOf(byQuery.next())).isEqualTo("q");
      assertThat(clientIdOf(generated.next())).isNotBlank().isNotIn("h", "q");
      assertThat(server.hub().getClientCount()).isEqualTo(3);
    }
  }

  /** Clause 7. */
  @Test
  void secondConnectionWithSameIdReplacesTheFirstAndKeepsTheCountExact() throws Exception {
    java.net.URI stream = server.url().resolve("/v1/sse");
    try (EventStream first = EventStream.open(stream, Map.of("X-Client-ID", "dup"))) {
      first.next("connected");
      try (EventStream second = EventStream.open(stream, Map.of("X-Client-ID", "dup"))) {
        second.next("connected");
        first.ended().get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(server.hub().getClientCount()).isEqualTo(1);
        server.hub().broadcast(Message.of("after-replace"));
        assertThat(second.next("message").data()).isEqualTo("after-replace");
      }
    }
  }

  private static String clientIdOf(TestEvent connected) throws Exception {
    assertThat(connected.type()).isEqualTo("connected");
    return HubClient.JSON.readTree(connected.data()).get("client_id").asText();
  }

}
