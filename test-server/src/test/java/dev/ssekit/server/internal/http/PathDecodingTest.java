package dev.ssekit.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.server.HubConfig;
import dev.ssekit.server.SseTestServer;
import dev.ssekit.server.support.EventStream;
import dev.ssekit.server.support.HubClient;
import dev.ssekit.server.support.RawStream;
import java.nio.charset.StandardCharsets;
import dev.ssekit.server.support.TestEvent;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Ids in a path are decoded as RFC 3986 paths: percent-escapes only, so a {@code +} stays a {@code +}. */
class PathDecodingTest {

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
    String query = java.net.URLEncoder.encode(clientId, java.nio.charset.StandardCharsets.UTF_8);
    EventStream s = EventStream.open(server.url().resolve("/v1/sse?client_id=" + query), Map.of());
    s.next("connected");
    return s;
  }

  private HubClient.Reply sendTo(String rawId) {
    return client.admin("/v1/admin/clients/" + rawId + "/messages", "{\"data\":\"for " + rawId + "\"}", "adm");
  }

  @Test
  void aPlusInTheClientIdOfAPrivateSendIsAPlusNotASpace() {
    try (EventStream plus = connect("alice+phone"); EventStream space = connect("alice phone")) {
      HubClient.Reply reply = sendTo("alice+phone");
      assertThat(reply.status()).isEqualTo(200);
      String id = reply.json().get("id").asText();
      assertThat(plus.next("message").id()).isEqualTo(id);
      String marker = server.hub().broadcast(dev.ssekit.server.Message.of("marker"));
      TestEvent next = space.next("message");
      assertThat(next.id()).as("the client 'alice phone' gets the next broadcast, not the private send")
          .isEqualTo(marker);
    }
  }

  @Test
  void percentEscapesInTheClientIdAreUtf8AndMayEncodeSpacesSlashesAndPlus() {
    try (EventStream ete = connect("été"); EventStream slash = connect("a/b"); EventStream space = connect("a b");
        EventStream plus = connect("a+b")) {
      assertThat(sendTo("%C3%A9t%C3%A9").status()).isEqualTo(200);
      assertThat(ete.next("message").data()).isEqualTo("for %C3%A9t%C3%A9");
      assertThat(sendTo("a%2Fb").status()).isEqualTo(200);
      assertThat(slash.next("message").data()).isEqualTo("for a%2Fb");
      assertThat(sendTo("a%20b").status()).isEqualTo(200);
      assertThat(space.next("message").data()).isEqualTo("for a%20b");
      assertThat(sendTo("a%2Bb").status()).isEqualTo(200);
      assertThat(plus.next("message").data()).isEqualTo("for a%2Bb");
    }
  }

  @Test
  void aMalformedEscapeIsRefusedAndBytesThatAreNotUtf8InThePathGet400AsJson() throws Exception {
    // The JDK server refuses a request line whose escapes are malformed before the hub sees it.
    for (String raw : new String[] {"a%zz", "a%2", "a%"}) {
      assertThat(raw(raw)).as(raw).startsWith("HTTP/1.1 400");
    }
    for (String raw : new String[] {"%FF", "%C3", "a%C3%28"}) {
      assertThat(raw(raw)).as(raw).startsWith("HTTP/1.1 400").contains("\"code\":\"BAD_REQUEST\"");
    }
    assertThat(server.hub().getClientCount()).isZero();
  }

  private String raw(String raw) throws Exception {
    {
      String body = "{\"data\":\"x\"}";
      String request = "POST /v1/admin/clients/" + raw + "/messages HTTP/1.1\r\nHost: localhost\r\n"
          + "Authorization: Bearer adm\r\nContent-Type: application/json\r\nConnection: close\r\n"
          + "Content-Length: " + body.length() + "\r\n\r\n" + body;
      return RawStream.exchange(server.url(), request.getBytes(StandardCharsets.ISO_8859_1));
    }
  }

  @Test
  void aPrivateSendToAnUnknownClientIdWithAPlusIsNotDeliveredToTheSpacedOne() {
    try (EventStream space = connect("bob phone")) {
      HubClient.Reply reply = sendTo("bob+phone");
      assertThat(reply.status()).isEqualTo(404);
      assertThat(reply.json().get("code").asText()).isEqualTo("UNKNOWN_CLIENT");
      assertThat(space.poll(Duration.ofMillis(200))).isNull();
    }
  }
}
