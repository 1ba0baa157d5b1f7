package dev.ssekit.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.server.support.EventStream;
import dev.ssekit.server.support.HubClient;
import dev.ssekit.server.support.RawStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Clauses 7, 13, 21 and 22: headers as UTF-8, stop answers 503 everywhere, HEAD and unexpected errors. */
class HttpHardeningTest {

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

  /** What a client sends for a UTF-8 header value: its bytes, which the JDK reads one char per byte. */
  private static String utf8OnTheWire(String value) {
    return new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  @Test
  void aUtf8LastEventIdHeaderResumesWithoutGapOrDuplicate() throws Exception {
    start(HubConfig.defaults());
    String seen = server.hub().broadcast(Message.of("seen").withId("naïve-☃-1"));
    String next = server.hub().broadcast(Message.of("next"));
    try (RawStream s = RawStream.open(server.url(), "/v1/sse", Map.of("Last-Event-ID", utf8OnTheWire(seen)))) {
      assertThat(s.nextBlockText()).contains("event: connected");
      String block = s.nextBlockText();
      assertThat(block).doesNotContain("gap").contains("id: " + next);
    }
  }

  @Test
  void aUtf8ClientIdHeaderIsOneClient() throws Exception {
    start(HubConfig.defaults());
    try (RawStream s = RawStream.open(server.url(), "/v1/sse", Map.of("X-Client-ID", utf8OnTheWire("téléphone-😀")))) {
      assertThat(s.nextBlockText()).contains("\"client_id\":\"téléphone-😀\"");
    }
    assertThat(server.hub().getDeliveryManager().getAllClients()).containsExactly("téléphone-😀");
  }

  @Test
  void aHeaderThatIsNotUtf8Gets400() throws Exception {
    start(HubConfig.defaults());
    try (RawStream s = RawStream.open(server.url(), "/v1/sse", Map.of("X-Client-ID", "\u00ff\u00fe"))) {
      assertThat(s.status()).isEqualTo(400);
    }
  }

  @Test
  void everyEndpointAnswers503AfterStop() throws Exception {
    start(HubConfig.builder().adminToken("adm").build());
    server.hub().stop();
    List<HubClient.Reply> replies = new ArrayList<>();
    replies.add(client.get("/"));
    replies.add(client.get("/console"));
    replies.add(client.get("/healthz"));
    replies.add(client.get("/v1/sse"));
    replies.add(client.get("/v1/sse/missed?client_id=a"));
    replies.add(client.post("/v1/sse/ack", "{\"client_id\":\"a\",\"last_event_id\":\"b\"}", Map.of()));
    replies.add(client.admin("/v1/admin/stats", null, "adm"));
    replies.add(client.admin("/v1/admin/clients", null, "adm"));
    replies.add(client.admin("/v1/admin/broadcast", "{\"data\":1}", "adm"));
    replies.add(client.admin("/v1/admin/faults", "{\"type\":\"disconnect\"}", "adm"));
    replies.add(client.admin("/v1/admin/clients/a/messages", "{\"data\":1}", "adm"));
    for (HubClient.Reply r : replies) {
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.json().get("code").asText()).isEqualTo("SERVICE_UNAVAILABLE");
    }
  }

  @Test
  void headIsAnsweredWithoutABodyAndWithoutAWarning() {
    start(HubConfig.defaults());
    Logger jdk = Logger.getLogger("com.sun.net.httpserver");
    List<LogRecord> warnings = new ArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord r) {
        if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
          warnings.add(r);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    jdk.addHandler(capture);
    try {
      for (String path : new String[] {"/v1/sse", "/", "/healthz", "/v1/sse/missed", "/nowhere"}) {
        HubClient.Reply reply = client.method("HEAD", path, Map.of());
        assertThat(reply.status()).as(path).isGreaterThanOrEqualTo(400);
        assertThat(reply.body()).isEmpty();
      }
    } finally {
      jdk.removeHandler(capture);
    }
    assertThat(warnings).extracting(LogRecord::getMessage).isEmpty();
  }

  @Test
  void anErrorInAHandlerIsAnswered500AndNeverLeavesTheClientHanging() {
    MessageBuffer held = MessageBuffer.inMemory(10, java.time.Duration.ofMinutes(1), java.time.Clock.systemUTC());
    MessageBuffer broken = new MessageBuffer() {
      @Override
      public void addMessage(BufferedMessage message) {
        held.addMessage(message);
      }

      @Override
      public java.util.Optional<List<BufferedMessage>> getMessagesSince(String id) {
        throw new StackOverflowError("buffer blew up");
      }

      @Override
      public List<BufferedMessage> getMessages() {
        return held.getMessages();
      }

      @Override
      public boolean contains(String id) {
        return held.contains(id);
      }

      @Override
      public int getSize() {
        return held.getSize();
      }

      @Override
      public void clear() {
        held.clear();
      }
    };
    start(HubConfig.builder().messageBuffer(broken).build());
    HubClient.Reply reply = client.get("/v1/sse/missed?client_id=a&last_received_id=x");
    assertThat(reply.status()).isEqualTo(500);
    assertThat(reply.json().get("code").asText()).isEqualTo("SERVER_ERROR");
    try (EventStream s = EventStream.open(server.url().resolve("/v1/sse"), Map.of("Last-Event-ID", "x"))) {
      assertThat(s.status()).isEqualTo(500);
    }
    // The hub still serves: the publish lock was not left held.
    assertThat(server.hub().broadcast(Message.of("after"))).isNotNull();
    try (EventStream s = EventStream.open(server.url().resolve("/v1/sse"))) {
      assertThat(s.next("connected")).isNotNull();
    }
  }
}
