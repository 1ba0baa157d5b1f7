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
  void theConsoleConnectsOnLoadSendsToItsOwnIdAndStopsPollingARefusedAdminToken() {
    String page = client.get("/").body();
    assertThat(page).contains("connect(); // connect on load");
    assertThat(page).contains("$('target').value = $('clientId').value;").doesNotContain("value=\"console\"");
    assertThat(page).contains("if (adminRefused) { return; }");
  }

  @Test
  void theConsoleShowsIdsOnlyForEventsThatCarryOneKeepsABoundedListAndCanAck() {
    String page = client.get("/").body();
    assertThat(page).contains("const ID_LESS = new Set(['connected', 'heartbeat', 'gap']);");
    assertThat(page).contains("const MAX_ROWS = 200;").contains("rows.lastElementChild.remove()");
    assertThat(page).contains("fetch('v1/sse/ack'").contains("id=\"ack\"");
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
