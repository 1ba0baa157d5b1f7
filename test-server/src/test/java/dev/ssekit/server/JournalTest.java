package dev.ssekit.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.server.support.EventStream;
import dev.ssekit.server.support.HubClient;
import dev.ssekit.server.support.MutableClock;
import dev.ssekit.server.support.TestEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The persistent buffer ({@code HubConfig.Builder.journal}): a hub started again on its file resumes with no gap. */
class JournalTest {

  @TempDir
  Path dir;

  private HubConfig.Builder config(Path journal) {
    return HubConfig.builder().journal(journal).heartbeatInterval(Duration.ofMillis(100));
  }

  /** The replay of a stream: every event before its first heartbeat. */
  private static List<TestEvent> replay(SseTestServer server, String lastEventId, String clientId) {
    try (EventStream s = EventStream.open(server.streamUrl(),
        Map.of("Last-Event-ID", lastEventId, "X-Client-ID", clientId))) {
      s.next("connected");
      List<TestEvent> out = new ArrayList<>();
      for (TestEvent e = s.next(); !e.type().equals("heartbeat"); e = s.next()) {
        out.add(e);
      }
      return out;
    }
  }

  @Test
  void aHubStartedAgainOnItsJournalResumesWithoutAGap() {
    Path journal = dir.resolve("hub.journal");
    String first;
    String second;
    String secret;
    try (SseTestServer before = SseTestServer.start(config(journal).build())) {
      try (EventStream phone = EventStream.open(before.streamUrl(), Map.of("X-Client-ID", "phone"))) {
        phone.next("connected");
      }
      first = before.hub().broadcast(Message.of("first"));
      secret = before.hub().sendToClient("phone", Message.of("for phone only"));
      second = before.hub().broadcast(Message.of("kind", Map.of("n", 2)));
    }
    try (SseTestServer after = SseTestServer.start(config(journal).build())) {
      List<TestEvent> replayed = replay(after, first, "phone");
      assertThat(replayed).extracting(TestEvent::id).containsExactly(second);
      assertThat(replayed.get(0).type()).isEqualTo("kind");
      assertThat(replayed.get(0).data()).isEqualTo("{\"n\":2}");
      HubClient.Reply missed = new HubClient(after.url()).get("/v1/sse/missed?client_id=phone&last_received_id=" + first);
      assertThat(missed.header("X-Ssekit-Gap")).isNull();
      assertThat(missed.body()).doesNotContain("for phone only");
      List<TestEvent> fromSecret = replay(after, secret, "other");
      assertThat(fromSecret.get(0).type()).as("an earlier run's private id is unknown to others").isEqualTo("gap");
      String third = after.hub().broadcast(Message.of("third"));
      assertThat(replay(after, second, "phone")).extracting(TestEvent::id).containsExactly(third);
    }
  }

  @Test
  void theJournalStaysBoundedToTwiceTheBufferAndHoldsTheNewestMessages() throws Exception {
    Path journal = dir.resolve("bounded.journal");
    List<String> ids = new ArrayList<>();
    try (SseTestServer server = SseTestServer.start(config(journal).bufferSize(5).build())) {
      for (int i = 0; i < 53; i++) {
        ids.add(server.hub().broadcast(Message.of("m" + i)));
        assertThat(Files.readAllLines(journal)).hasSizeLessThanOrEqualTo(10);
      }
    }
    try (SseTestServer again = SseTestServer.start(config(journal).bufferSize(5).build())) {
      assertThat(again.hub().getMessageBuffer().getMessages()).extracting(BufferedMessage::id)
          .containsExactlyElementsOf(ids.subList(48, 53));
    }
  }

  @Test
  void messagesThatExpiredWhileTheHubWasDownAreNotReadBack() {
    Path journal = dir.resolve("ttl.journal");
    MutableClock clock = new MutableClock();
    try (SseTestServer server = SseTestServer.start(config(journal).clock(clock).bufferTtl(Duration.ofHours(1)).build())) {
      server.hub().broadcast(Message.of("old"));
      clock.advance(Duration.ofMinutes(50));
      server.hub().broadcast(Message.of("newer"));
    }
    clock.advance(Duration.ofMinutes(20));
    try (SseTestServer again = SseTestServer.start(config(journal).clock(clock).bufferTtl(Duration.ofHours(1)).build())) {
      assertThat(again.hub().getMessageBuffer().getMessages()).extracting(BufferedMessage::data).containsExactly("newer");
      clock.advance(Duration.ofMinutes(41)); // "newer" was published at 0:50 and expires at 1:50
      assertThat(again.hub().getMessageBuffer().getMessages()).as("it keeps its own expiry").isEmpty();
    }
  }

  @Test
  void aLineCutShortByACrashIsSkippedAndTheRestIsReadBack() throws Exception {
    Path journal = dir.resolve("torn.journal");
    String kept;
    try (SseTestServer server = SseTestServer.start(config(journal).build())) {
      kept = server.hub().broadcast(Message.of("whole"));
    }
    Files.writeString(journal, "{\"id\":\"torn\",\"data\":\"ha", StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
    Files.writeString(journal, "\nnot json at all\n\u00e9\n", StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
    try (SseTestServer again = SseTestServer.start(config(journal).build())) {
      assertThat(again.hub().getMessageBuffer().getMessages()).extracting(BufferedMessage::id).containsExactly(kept);
      assertThat(again.hub().broadcast(Message.of("after"))).isNotEmpty();
    }
    assertThat(Files.readAllLines(journal)).hasSize(2).noneMatch(l -> l.contains("torn"));
  }

  @Test
  void anEmptyJournalFileStartsAnEmptyBuffer() throws Exception {
    Path journal = Files.createFile(dir.resolve("empty.journal"));
    try (SseTestServer server = SseTestServer.start(config(journal).build())) {
      assertThat(server.hub().getMessageBuffer().getSize()).isZero();
    }
  }

  @Test
  void aMessageReplayedFromAnEarlierRunsJournalCanBeAcknowledgedAndItsAckMovesForward() {
    Path journal = dir.resolve("ack.journal");
    String first;
    String second;
    try (SseTestServer before = SseTestServer.start(config(journal).build())) {
      first = before.hub().broadcast(Message.of("first"));
      second = before.hub().broadcast(Message.of("second"));
    }
    try (SseTestServer after = SseTestServer.start(config(journal).build())) {
      assertThat(replay(after, first, "phone")).extracting(TestEvent::id).containsExactly(second);
      HubClient http = new HubClient(after.url());
      HubClient.Reply ack = http.post("/v1/sse/ack",
          "{\"client_id\":\"phone\",\"last_event_id\":\"" + second + "\"}", Map.of());
      assertThat(ack.status()).as(ack.body()).isEqualTo(204);
      HubClient.Reply older = http.post("/v1/sse/ack",
          "{\"client_id\":\"phone\",\"last_event_id\":\"" + first + "\"}", Map.of());
      assertThat(older.status()).as("an older ack is accepted and ignored").isEqualTo(204);
      assertThat(http.get("/v1/sse/missed?client_id=phone").json()).as("nothing after the ack").isEmpty();
      String third = after.hub().broadcast(Message.of("third"));
      assertThat(http.post("/v1/sse/ack",
          "{\"client_id\":\"phone\",\"last_event_id\":\"" + third + "\"}", Map.of()).status()).isEqualTo(204);
      assertThat(http.get("/v1/sse/missed?client_id=phone").json()).isEmpty();
      assertThat(http.post("/v1/sse/ack",
          "{\"client_id\":\"phone\",\"last_event_id\":\"" + second + "\"}", Map.of()).status()).isEqualTo(204);
      assertThat(after.hub().getDeliveryManager().getClientTracker("phone").orElseThrow().lastAckedId())
          .as("acks only move forward across runs").isEqualTo(third);
    }
  }

  @Test
  void anEarlierRunsPrivateIdStaysUnknownToAcksAfterNewerPrivateMessages() {
    Path journal = dir.resolve("private.journal");
    String secret;
    try (SseTestServer before = SseTestServer.start(config(journal).build())) {
      try (EventStream phone = EventStream.open(before.streamUrl(), Map.of("X-Client-ID", "phone"))) {
        phone.next("connected");
      }
      secret = before.hub().sendToClient("phone", Message.of("for the earlier phone only"));
    }
    // The new run remembers 20 private recipients: 20 newer private messages push out the earlier one's.
    try (SseTestServer after = SseTestServer.start(config(journal).bufferSize(20).clientQueueCapacity(20).build())) {
      try (EventStream phone = EventStream.open(after.streamUrl(), Map.of("X-Client-ID", "phone"))) {
        phone.next("connected");
      }
      for (int i = 0; i < 20; i++) {
        after.hub().sendToClient("phone", Message.of("newer " + i));
      }
      HubClient http = new HubClient(after.url());
      HubClient.Reply never = http.post("/v1/sse/ack",
          "{\"client_id\":\"phone\",\"last_event_id\":\"never-issued\"}", Map.of());
      HubClient.Reply probe = http.post("/v1/sse/ack",
          "{\"client_id\":\"phone\",\"last_event_id\":\"" + secret + "\"}", Map.of());
      assertThat(never.status()).isEqualTo(400);
      assertThat(probe.status()).as(probe.body()).isEqualTo(never.status());
      assertThat(probe.body()).isEqualTo(never.body());
    }
  }
}
