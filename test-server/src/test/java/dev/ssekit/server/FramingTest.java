package dev.ssekit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssekit.server.support.HubClient;
import dev.ssekit.server.support.RawStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Clause 10: how messages are framed on the wire. */
class FramingTest {

  private SseTestServer server;

  @BeforeEach
  void start() {
    server = SseTestServer.start(HubConfig.builder().adminToken("adm").build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private RawStream connect(String clientId) throws Exception {
    RawStream raw = RawStream.open(server.url(), "/v1/sse", Map.of("X-Client-ID", clientId));
    raw.nextBlockContaining("event: connected");
    return raw;
  }

  @Test
  void multiLineDataBecomesOneDataLinePerLineWhateverTheLineEnd() throws Exception {
    try (RawStream raw = connect("a")) {
      String id = server.hub().broadcast(new Message("note", "one\ntwo\r\nthree\rfour", null, 2500));
      assertThat(raw.nextBlockText()).isEqualTo(
          "id: " + id + "\nevent: note\nretry: 2500\ndata: one\ndata: two\ndata: three\ndata: four\n\n");
    }
  }

  @Test
  void stringDataGoesOutAsIsAndObjectsAsJson() throws Exception {
    try (RawStream raw = connect("a")) {
      server.hub().broadcast(Message.of("{\"already\":\"json text\"}"));
      Map<String, Object> order = new LinkedHashMap<>();
      order.put("sku", "A-1");
      order.put("qty", 2);
      server.hub().broadcast(Message.of("order", order));
      server.hub().broadcast(Message.of(List.of(1, 2)));
      assertThat(raw.nextBlockText()).endsWith("\ndata: {\"already\":\"json text\"}\n\n");
      assertThat(raw.nextBlockText()).endsWith("\nevent: order\ndata: {\"sku\":\"A-1\",\"qty\":2}\n\n");
      assertThat(raw.nextBlockText()).endsWith("\ndata: [1,2]\n\n");
    }
  }

  @Test
  void idOrEventWithCrLfOrNulIsRefusedByTheJavaApi() {
    for (String bad : new String[] {"a\nb", "a\rb", "a\0b"}) {
      assertThatThrownBy(() -> new Message(bad, "x", null, null)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> Message.of("x").withId(bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void idOrEventWithCrLfOrNulIsRefusedWith400OverHttp() {
    HubClient client = new HubClient(server.url());
    HubClient.Reply badId = client.admin("/v1/admin/broadcast", "{\"id\":\"a\\nb\",\"data\":\"x\"}", "adm");
    HubClient.Reply badEvent = client.admin("/v1/admin/broadcast", "{\"event\":\"a\\u0000b\",\"data\":\"x\"}", "adm");
    assertThat(badId.status()).isEqualTo(400);
    assertThat(badEvent.status()).isEqualTo(400);
    assertThat(badId.json().get("code").asText()).isEqualTo("BAD_REQUEST");
    assertThat(server.hub().stats().messagesPublished()).isZero();
  }

  @Test
  void replayedMessageIsByteIdenticalToItsLiveForm() throws Exception {
    byte[] live;
    String id;
    server.hub().broadcast(Message.of("first"));
    try (RawStream raw = connect("a")) {
      id = server.hub().broadcast(new Message("quote", "she said \"hi\"\nand left", null, 1000));
      server.hub().broadcast(Message.of("marker"));
      live = raw.nextBlock();
    }
    String later = server.hub().broadcast(Message.of("later"));
    try (RawStream replay = RawStream.open(server.url(), "/v1/sse",
        Map.of("X-Client-ID", "b", "Last-Event-ID", previousOf(id)))) {
      replay.nextBlockContaining("event: connected");
      assertThat(replay.nextBlock()).isEqualTo(live);
    }
    assertThat(later).isNotEqualTo(id);
    assertThat(new String(live, StandardCharsets.UTF_8)).contains("data: she said \"hi\"\ndata: and left\n");
  }

  @Test
  void replayIsByteIdenticalToLiveWhetherTheJournalStillHoldsTheMessageOrNot() throws Exception {
    // The journal (the live side) holds the last 2 frames; the buffer all 6: a replay takes the journal's copy
    // of the newest two and encodes the others anew.
    try (SseTestServer small = SseTestServer.start(HubConfig.builder().clientQueueCapacity(2).bufferSize(100).build())) {
      String before = small.hub().broadcast(Message.of("before"));
      List<byte[]> live = new java.util.ArrayList<>();
      try (RawStream raw = RawStream.open(small.url(), "/v1/sse", Map.of("X-Client-ID", "a"))) {
        raw.nextBlockContaining("event: connected");
        for (int i = 0; i < 5; i++) {
          small.hub().broadcast(new Message("n" + i, "line " + i + "\nnon-ASCII é ✓ " + i, null, i == 0 ? 700 : null));
          live.add(raw.nextBlock());
        }
      }
      try (RawStream replay = RawStream.open(small.url(), "/v1/sse",
          Map.of("X-Client-ID", "b", "Last-Event-ID", before))) {
        replay.nextBlockContaining("event: connected");
        for (byte[] frame : live) {
          assertThat(new String(replay.nextBlock(), StandardCharsets.UTF_8))
              .isEqualTo(new String(frame, StandardCharsets.UTF_8));
        }
      }
    }
  }

  @Test
  void messagesThatShareACallerChosenIdEachReplayWithTheirOwnData() throws Exception {
    String before = server.hub().broadcast(Message.of("before"));
    server.hub().broadcast(Message.of("first").withId("same"));
    server.hub().broadcast(Message.of("second").withId("same"));
    try (RawStream replay = RawStream.open(server.url(), "/v1/sse",
        Map.of("X-Client-ID", "b", "Last-Event-ID", before))) {
      replay.nextBlockContaining("event: connected");
      assertThat(replay.nextBlockText()).isEqualTo("id: same\ndata: first\n\n");
      assertThat(replay.nextBlockText()).isEqualTo("id: same\ndata: second\n\n");
    }
  }

  /** The id published just before {@code id}: broadcast one first so there is one. */
  private String previousOf(String id) {
    List<BufferedMessage> all = server.hub().getMessageBuffer().getMessages();
    for (int i = 1; i < all.size(); i++) {
      if (all.get(i).id().equals(id)) {
        return all.get(i - 1).id();
      }
    }
    throw new AssertionError("no message before " + id);
  }

  @Test
  void adminStringDataIsSentRawAndOtherJsonAsJson() throws Exception {
    HubClient client = new HubClient(server.url());
    try (RawStream raw = connect("a")) {
      client.admin("/v1/admin/broadcast", "{\"data\":\"plain text\"}", "adm");
      client.admin("/v1/admin/broadcast", "{\"event\":\"obj\",\"data\":{\"k\":[1,true,null]}}", "adm");
      assertThat(raw.nextBlockText()).endsWith("\ndata: plain text\n\n");
      assertThat(raw.nextBlockText()).endsWith("\nevent: obj\ndata: {\"k\":[1,true,null]}\n\n");
    }
  }
}
