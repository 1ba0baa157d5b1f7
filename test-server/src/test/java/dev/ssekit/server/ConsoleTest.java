package dev.ssekit.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.server.support.HubClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console learns every published event type from the stats (clause 19) and gives each tab its own id. */
class ConsoleTest {

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

  @Test
  void statsListEveryEventTypePublishedSoTheConsoleCanListenToIt() {
    server.hub().broadcast(Message.of("demo", 1));
    server.hub().broadcast(Message.of("order", "{}"));
    server.hub().broadcast(Message.of("plain"));
    assertThat(client.admin("/v1/admin/stats", null, "adm").json().get("event_types"))
        .extracting(n -> n.asText()).containsExactly("demo", "message", "order");
  }

  @Test
  void theConsoleListensToTheTypesFromTheStatsUsesOneTimeFormatAndAnIdPerTab() {
    String page = client.get("/").body();
    assertThat(page).contains("listen(s.event_types");
    assertThat(page).contains("sessionStorage").contains("crypto.getRandomValues");
    assertThat(page).doesNotContain("toLocaleTimeString").contains("toISOString");
  }

  @Test
  void statsListAtMostOneHundredEventTypes() {
    for (int i = 0; i < 150; i++) {
      server.hub().broadcast(Message.of("type-" + i, i));
    }
    assertThat(client.admin("/v1/admin/stats", null, "adm").json().get("event_types")).hasSize(100);
  }

  @Test
  void theTestServerTurnsNagleOffUnlessTheJvmSaysOtherwise() {
    assertThat(System.getProperty("sun.net.httpserver.nodelay")).isEqualTo("true");
  }
}
