package dev.ssekit.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.server.support.HubClient;
import dev.ssekit.server.support.RawStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Clause 22: malformed requests get JSON errors and never hurt the hub. */
class BadInputTest {

  private SseTestServer server;
  private HubClient client;

  @BeforeEach
  void start() {
    server = SseTestServer.start(HubConfig.builder().adminToken("adm").maxBodyBytes(256).build());
    client = new HubClient(server.url());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void assertJsonError(HubClient.Reply reply, int status, String code) {
    assertThat(reply.status()).isEqualTo(status);
    assertThat(reply.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(reply.json().get("code").asText()).isEqualTo(code);
    assertThat(reply.json().get("message").asText()).isNotBlank();
  }

  @Test
  void malformedJsonIs400() {
    assertJsonError(client.post("/v1/sse/ack", "{not json", Map.of()), 400, "BAD_REQUEST");
    assertJsonError(client.admin("/v1/admin/broadcast", "{\"data\":", "adm"), 400, "BAD_REQUEST");
    assertJsonError(client.post("/v1/sse/ack", "", Map.of()), 400, "BAD_REQUEST");
  }

  @Test
  void oversizeBodyIs413() {
    String big = "{\"data\":\"" + "x".repeat(1000) + "\"}";
    assertJsonError(client.admin("/v1/admin/broadcast", big, "adm"), 413, "PAYLOAD_TOO_LARGE");
    assertThat(server.hub().stats().messagesPublished()).isZero();
  }

  @Test
  void wrongMethodIs405WithAllow() {
    HubClient.Reply reply = client.post("/v1/sse", "{}", Map.of());
    assertJsonError(reply, 405, "METHOD_NOT_ALLOWED");
    assertThat(reply.header("Allow")).contains("GET");
    assertJsonError(client.get("/v1/sse/ack"), 405, "METHOD_NOT_ALLOWED");
    assertJsonError(client.method("DELETE", "/v1/admin/broadcast", Map.of()), 405, "METHOD_NOT_ALLOWED");
  }

  @Test
  void unknownPathIs404() {
    assertJsonError(client.get("/nope"), 404, "NOT_FOUND");
    assertJsonError(client.get("/v1/sse/"), 404, "NOT_FOUND");
    assertJsonError(client.admin("/v1/admin/clients/a/b/messages", "{}", "adm"), 404, "NOT_FOUND");
  }

  @Test
  void badHeadersOnTheStreamAre400() throws Exception {
    assertJsonError(client.get("/v1/sse?client_id=" + "x".repeat(300)), 400, "BAD_REQUEST");
    assertJsonError(client.get("/v1/sse?last_event_id=a%0Ab"), 400, "BAD_REQUEST");
    String answer = RawStream.exchange(server.url(),
        "GET /v1/sse?client_id=%ZZ HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThat(answer).startsWith("HTTP/1.1 400");
  }

  @Test
  void garbageOnTheWireDoesNotHurtTheHub() throws Exception {
    byte[][] garbage = {
        "\u0000\u0001\u0002\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
        "GET\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
        "POST /v1/sse/ack HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n{".getBytes(StandardCharsets.ISO_8859_1),
        "POST /v1/sse/ack HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n".getBytes(StandardCharsets.ISO_8859_1),
        ("GET /v1/sse HTTP/1.1\r\nHost: x\r\nX-Client-ID: " + "a".repeat(70_000) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1),
    };
    for (byte[] request : garbage) {
      RawStream.exchange(server.url(), request);
    }
    assertThat(client.get("/healthz").status()).isEqualTo(200);
    assertThat(server.hub().getClientCount()).isZero();
  }
}
