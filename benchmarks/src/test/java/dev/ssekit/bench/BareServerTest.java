package dev.ssekit.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ssekit.server.HubConfig;
import dev.ssekit.server.Message;
import dev.ssekit.server.SseTestServer;
import dev.ssekit.server.TokenValidator;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The baseline does the hub's work on the wire: the same bytes, the same auth, the same slow-consumer rule. */
class BareServerTest {

  private static final String TOKEN = "bench-token-\u00e9";
  private static final Duration HEARTBEAT = Duration.ofMillis(300);
  private static final Duration RETRY = Duration.ofMillis(3000);

  private SseTestServer hub;
  private BareServer bare;
  private URI hubUrl;

  @BeforeEach
  void start() throws Exception {
    hub = SseTestServer.start(HubConfig.builder().heartbeatInterval(HEARTBEAT).retryHint(RETRY)
        .tokenValidator(TokenValidator.staticTokens(TOKEN)).build());
    hubUrl = hub.url().resolve("/v1/sse");
    bare = BareServer.start(TOKEN, HEARTBEAT, RETRY);
  }

  @AfterEach
  void stop() throws Exception {
    bare.close();
    hub.close();
  }

  /** The parts that differ by design (date, random ids, clock readings) replaced by placeholders. */
  private static String normalized(String text) {
    return text.replaceAll("Date: [^\r\n]*", "Date: <date>")
        .replaceAll("\"client_id\":\"c-[0-9a-z]+\"", "\"client_id\":\"<client>\"")
        .replaceAll("\"timestamp\":[0-9]+", "\"timestamp\":<millis>")
        .replaceAll("\"last_event_id\":\"[0-9a-z]+-([0-9]+)\"", "\"last_event_id\":\"<run>-$1\"")
        .replaceAll("(?m)^id: [0-9a-z]+-([0-9]+)$", "id: <run>-$1");
  }

  private static List<String> withoutHeartbeats(List<String> frames) {
    List<String> out = new ArrayList<>();
    for (String f : frames) {
      if (!f.startsWith("event: heartbeat")) {
        out.add(normalized(f));
      }
    }
    return out;
  }

  @Test
  void writesTheHubsHeadersAndFramesByteForByte() throws Exception {
    StringBuilder huge = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      huge.append((char) ('a' + i % 26));
    }
    List<String> data = Arrays.asList("plain", "lf\nthen crlf\r\nthen cr\rend", "", "h\u00e9llo \u2713 \ud83d\ude00",
        "{\"t\":12,\"p\":\"x\"}", "trailing newline\n", huge.toString());
    try (RawStream fromHub = new RawStream(hubUrl, "Bearer " + TOKEN);
        RawStream fromBare = new RawStream(bare.url(), "bearer   " + TOKEN)) {
      for (RawStream s : Arrays.asList(fromHub, fromBare)) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !s.frames().isEmpty());
      }
      for (String d : data) {
        hub.hub().broadcast(Message.of(d));
        bare.broadcast(d);
      }
      for (RawStream s : Arrays.asList(fromHub, fromBare)) {
        await().atMost(Duration.ofSeconds(10)).until(() -> withoutHeartbeats(s.frames()).size() == 1 + data.size()
            && s.frames().stream().anyMatch(f -> f.startsWith("event: heartbeat")));
      }
      assertThat(normalized(fromBare.head())).isEqualTo(normalized(fromHub.head()));
      assertThat(withoutHeartbeats(fromBare.frames())).isEqualTo(withoutHeartbeats(fromHub.frames()));
      String heartbeat = "event: heartbeat\ndata: {\"timestamp\":<millis>}";
      assertThat(fromHub.frames().stream().filter(f -> f.startsWith("event: heartbeat")).map(BareServerTest::normalized))
          .containsOnly(heartbeat);
      assertThat(fromBare.frames().stream().filter(f -> f.startsWith("event: heartbeat")).map(BareServerTest::normalized))
          .containsOnly(heartbeat);
      assertThat(fromBare.chunkSizes()).allMatch(size -> size <= 4096);
      assertThat(fromHub.chunkSizes()).allMatch(size -> size <= 4096);
    }
  }

  @Test
  void refusesAMissingOrWrongTokenWithTheHubsStatus() throws Exception {
    for (String authorization : Arrays.asList(null, "Bearer", "Bearer wrong", "Bearer " + TOKEN + "x",
        "Basic " + TOKEN)) {
      try (RawStream fromHub = new RawStream(hubUrl, authorization);
          RawStream fromBare = new RawStream(bare.url(), authorization)) {
        for (RawStream s : Arrays.asList(fromHub, fromBare)) {
          await().atMost(Duration.ofSeconds(10)).until(() -> s.head().contains("\r\n"));
        }
        String hubStatus = fromHub.head().substring(0, 12);
        assertThat(hubStatus).as("hub, %s", authorization).isIn("HTTP/1.1 401", "HTTP/1.1 403");
        assertThat(fromBare.head()).as("bare, %s", authorization).startsWith(hubStatus);
        await().atMost(Duration.ofSeconds(10)).until(fromBare::ended);
      }
    }
  }

  @Test
  void dropsAStreamThatFallsAWholeQueueBehindAsTheHubDoes() throws Exception {
    char[] pad = new char[16 * 1024];
    Arrays.fill(pad, 'x');
    String big = new String(pad);
    int events = BareServer.QUEUE_CAPACITY + 500;
    check(bare.url(), d -> bare.broadcast(d), big, events);
    check(hubUrl, d -> hub.hub().broadcast(Message.of(d)), big, events);
  }

  private static void check(URI url, Consumer<String> broadcast, String data, int events) throws Exception {
    try (RawStream stalled = RawStream.paused(url, "Bearer " + TOKEN)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> stalled.head().startsWith("HTTP/1.1 200"));
      for (int i = 0; i < events; i++) {
        broadcast.accept(data);
      }
      stalled.startReading();
      await().atMost(Duration.ofSeconds(30)).until(stalled::ended);
      long received = stalled.frames().stream().filter(f -> f.startsWith("id: ")).count();
      assertThat(received).as(url.toString()).isLessThan(events);
    }
  }

  @Test
  void leavesNoThreadOrSocketAfterClose() throws Exception {
    try (RawStream stream = new RawStream(bare.url(), "Bearer " + TOKEN)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> !stream.frames().isEmpty());
      bare.close();
      await().atMost(Duration.ofSeconds(10)).until(stream::ended);
    }
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("bare-nio"));
    assertThatThrownBy(() -> bare.broadcast("late")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    bare.close(); // again: nothing happens
  }
}
