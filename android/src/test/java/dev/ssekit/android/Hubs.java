package dev.ssekit.android;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.server.HubConfig;
import dev.ssekit.server.Message;
import dev.ssekit.server.SseTestServer;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The real hub on loopback, counting connection attempts (each one's token check), with its admin faults. */
final class Hubs implements AutoCloseable {

  final AtomicInteger connects = new AtomicInteger();
  final SseTestServer server;

  Hubs() {
    server = SseTestServer.start(HubConfig.builder()
        .adminToken("adm")
        .heartbeatInterval(Duration.ofMillis(200))
        .tokenValidator(token -> {
          connects.incrementAndGet();
          return token.equals("t");
        })
        .build());
  }

  String url() {
    return server.url() + "/v1/sse";
  }

  List<String> broadcast(String... data) {
    List<String> ids = new ArrayList<>();
    for (String d : data) {
      ids.add(server.hub().broadcast(Message.of(d)));
    }
    return ids;
  }

  int streams() {
    return server.hub().getClientCount();
  }

  /** The hub's streams stop writing (not even heartbeats) for a minute: a connection on a dead network. */
  void stallStreams() throws Exception {
    admin("{\"type\":\"stall\",\"duration_ms\":60000}");
  }

  void disconnectStreams() throws Exception {
    admin("{\"type\":\"disconnect\"}");
  }

  void rejectNextConnects(int count, int retryAfterSeconds) throws Exception {
    admin("{\"type\":\"reject\",\"count\":" + count + ",\"status\":503,\"retry_after\":" + retryAfterSeconds + "}");
  }

  private void admin(String json) throws Exception {
    HttpURLConnection c = (HttpURLConnection) new URL(server.url() + "/v1/admin/faults").openConnection();
    c.setRequestMethod("POST");
    c.setDoOutput(true);
    c.setRequestProperty("Authorization", "Bearer adm");
    c.setRequestProperty("Content-Type", "application/json");
    try (OutputStream out = c.getOutputStream()) {
      out.write(json.getBytes(StandardCharsets.UTF_8));
    }
    assertThat(c.getResponseCode()).isEqualTo(200);
    c.disconnect();
  }

  @Override
  public void close() {
    server.close();
  }
}
