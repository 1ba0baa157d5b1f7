package dev.ssekit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

/** Clause 20 from Java: {@code server.faults()}, {@code streamUrl()}, {@code awaitClient} and the client count. */
class FaultsApiTest {

  private SseTestServer server;

  @BeforeEach
  void start() {
    server = SseTestServer.start(HubConfig.builder().heartbeatInterval(Duration.ofMillis(100)).build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private EventStream connect(String clientId) {
    EventStream s = EventStream.open(server.streamUrl(), Map.of("X-Client-ID", clientId));
    s.next("connected");
    server.awaitClient(clientId);
    return s;
  }

  @Test
  void streamUrlIsTheStreamEndpointOfTheServer() {
    assertThat(server.streamUrl().toString()).isEqualTo(server.url() + "/v1/sse");
  }

  @Test
  void disconnectEndsTheStreamsAndTheyStopCountingAtOnce() throws Exception {
    try (EventStream a = connect("a"); EventStream b = connect("b")) {
      assertThat(server.faults().disconnect("a")).isEqualTo(1);
      assertThat(server.hub().getClientCount()).as("a closing stream is not counted").isEqualTo(1);
      a.ended().get(5, TimeUnit.SECONDS);
      assertThat(server.faults().disconnect()).isEqualTo(1);
      assertThat(server.hub().getClientCount()).isZero();
      b.ended().get(5, TimeUnit.SECONDS);
      assertThat(server.faults().disconnect("nobody")).isZero();
    }
  }

  @Test
  void cutWritesHalfOfTheNextEventAndEndsTheStream() throws Exception {
    try (RawStream raw = RawStream.open(server.url(), "/v1/sse", Map.of("X-Client-ID", "c"))) {
      raw.nextBlockContaining("connected");
      server.awaitClient("c");
      assertThat(server.faults().cut()).isEqualTo(1);
      server.hub().broadcast(Message.of("0123456789".repeat(10)));
      String rest = raw.readToEnd();
      assertThat(rest).contains("data: 01234").doesNotContain("0123456789".repeat(10));
    }
  }

  @Test
  void stallSilencesTheStreamForItsDurationThenItResumes() {
    try (EventStream s = connect("s")) {
      assertThat(server.faults().stall("s", Duration.ofMillis(600))).isEqualTo(1);
      String id = server.hub().broadcast(Message.of("after the stall"));
      TestEvent next = s.next(e -> !e.type().equals("heartbeat"), Duration.ofSeconds(5));
      assertThat(next.id()).isEqualTo(id);
      assertThat(server.faults().stall(Duration.ofMillis(1))).isEqualTo(1);
    }
  }

  @Test
  void retrySendsARetryOnlyBlock() {
    try (EventStream s = connect("r")) {
      assertThat(server.faults().retry(Duration.ofMillis(1234))).isEqualTo(1);
      TestEvent e = s.next(x -> x.type().equals("retry-only"), Duration.ofSeconds(5));
      assertThat(e.retry()).isEqualTo(1234);
    }
  }

  @Test
  void rejectAnswersTheNextConnectsWithTheStatusThenLetsThemThrough() {
    server.faults().reject(2);
    HubClient client = new HubClient(server.url());
    for (int i = 0; i < 2; i++) {
      HubClient.Reply r = client.get("/v1/sse");
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.json().get("code").asText()).isEqualTo("INJECTED_FAULT");
    }
    server.faults().reject(1, 429, Duration.ofSeconds(7));
    HubClient.Reply limited = client.get("/v1/sse");
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.header("Retry-After")).isEqualTo("7");
    try (EventStream s = connect("through")) {
      assertThat(server.hub().getClientCount()).isEqualTo(1);
    }
  }

  @Test
  void faultsRefuseArgumentsThatCannotWork() {
    assertThatThrownBy(() -> server.faults().reject(1, 200, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> server.faults().stall(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> server.faults().cut("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void awaitClientFailsClearlyWhenTheClientNeverConnects() {
    assertThatThrownBy(() -> server.awaitClient("ghost", Duration.ofMillis(200)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("ghost");
  }

  @Test
  void awaitClientReturnsOnceTheClientConnectsFromAnotherThread() throws Exception {
    java.util.concurrent.CompletableFuture<EventStream> opening = java.util.concurrent.CompletableFuture
        .supplyAsync(() -> EventStream.open(server.streamUrl(), Map.of("X-Client-ID", "late")));
    server.awaitClient("late");
    String id = server.hub().sendToClient("late", Message.of("for you"));
    try (EventStream s = opening.get(10, TimeUnit.SECONDS)) {
      assertThat(s.next("message").id()).isEqualTo(id);
    }
  }
}
