package dev.ssekit.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.server.support.EventStream;
import dev.ssekit.server.support.HubClient;
import dev.ssekit.server.support.RawStream;
import dev.ssekit.server.support.TestEvent;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Clause 20: fault injection. */
class FaultInjectionTest {

  private SseTestServer server;
  private HubClient client;

  @BeforeEach
  void start() {
    server = SseTestServer.start(HubConfig.builder().adminToken("adm").build());
    client = new HubClient(server.url());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private EventStream connect(String clientId) {
    EventStream s = EventStream.open(server.url().resolve("/v1/sse"), Map.of("X-Client-ID", clientId));
    s.next("connected");
    return s;
  }

  private HubClient.Reply fault(String json) {
    return client.admin("/v1/admin/faults", json, "adm");
  }

  @Test
  void disconnectOneClientLeavesTheOthersConnected() throws Exception {
    try (EventStream a = connect("a"); EventStream b = connect("b")) {
      assertThat(fault("{\"type\":\"disconnect\",\"client_id\":\"a\"}").json().get("affected").asInt()).isEqualTo(1);
      a.ended().get(5, TimeUnit.SECONDS);
      server.hub().broadcast(Message.of("still here"));
      assertThat(b.next("message").data()).isEqualTo("still here");
      assertThat(server.hub().getClientCount()).isEqualTo(1);
    }
  }

  @Test
  void disconnectAllEndsEveryStream() throws Exception {
    try (EventStream a = connect("a"); EventStream b = connect("b")) {
      assertThat(fault("{\"type\":\"disconnect\"}").json().get("affected").asInt()).isEqualTo(2);
      a.ended().get(5, TimeUnit.SECONDS);
      b.ended().get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void cutEndsTheStreamInTheMiddleOfAnEvent() throws Exception {
    try (RawStream raw = RawStream.open(server.url(), "/v1/sse", Map.of("X-Client-ID", "a"))) {
      raw.nextBlockContaining("connected");
      fault("{\"type\":\"cut\",\"client_id\":\"a\"}");
      String id = server.hub().broadcast(Message.of("a rather long message that will be cut in half"));
      String rest = raw.readToEnd();
      assertThat(rest).startsWith("id: " + id.substring(0, 2)).doesNotEndWith("\n\n");
      assertThat("id: " + id + "\ndata: a rather long message that will be cut in half\n\n").startsWith(rest);
    }
  }

  @Test
  void stallHoldsBackEventsUntilItEnds() throws Exception {
    try (EventStream a = connect("a")) {
      fault("{\"type\":\"stall\",\"client_id\":\"a\",\"duration_ms\":400}");
      long start = System.nanoTime();
      server.hub().broadcast(Message.of("late"));
      assertThat(a.next("message").data()).isEqualTo("late");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(350));
    }
  }

  @Test
  void nextConnectsAreRejectedWithTheGivenStatusAndRetryAfter() {
    fault("{\"type\":\"reject\",\"count\":2,\"status\":503,\"retry_after\":7}");
    for (int i = 0; i < 2; i++) {
      HubClient.Reply reply = client.get("/v1/sse");
      assertThat(reply.status()).isEqualTo(503);
      assertThat(reply.header("Retry-After")).isEqualTo("7");
      assertThat(reply.json().get("code").asText()).isEqualTo("INJECTED_FAULT");
    }
    try (EventStream ok = connect("after")) {
      assertThat(ok.status()).isEqualTo(200);
    }
  }

  @Test
  void retryHintIsSentOnDemand() {
    try (EventStream a = connect("a")) {
      fault("{\"type\":\"retry\",\"client_id\":\"a\",\"retry_ms\":1234}");
      TestEvent hint = a.next("retry-only");
      assertThat(hint.retry()).isEqualTo(1234);
    }
  }

  @Test
  void unknownOrIncompleteFaultsAre400() {
    assertThat(fault("{\"type\":\"explode\"}").status()).isEqualTo(400);
    assertThat(fault("{\"type\":\"stall\"}").status()).isEqualTo(400);
    assertThat(fault("{\"type\":\"reject\",\"status\":200}").status()).isEqualTo(400);
    assertThat(fault("{}").status()).isEqualTo(400);
  }
}
