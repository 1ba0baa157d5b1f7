package dev.ssekit.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.server.support.EventStream;
import dev.ssekit.server.support.HubClient;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PROTOCOL.md's errors: 400 {@code BAD_REQUEST} for a bad query. A query parameter whose percent-escapes are not
 * UTF-8 is refused, as the same bytes are in {@code X-Client-ID} (clause 7) and in a path's {@code {id}} (clause
 * 19). Found by an outside attack: they were turned into U+FFFD, so {@code client_id=dev-%FE} and
 * {@code client_id=dev-%FF} became one client.
 */
class QueryParametersAreUtf8Test {

  private static final Map<String, String> AUTH = Map.of("Authorization", "Bearer t");

  private final SseTestServer server =
      SseTestServer.start(HubConfig.builder().tokenValidator(TokenValidator.staticTokens("t")).build());
  private final HubClient client = new HubClient(server.url());

  @AfterEach
  void stop() {
    server.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"client_id=dev-%FF", "client_id=dev-%FE", "client_id=ok&last_event_id=%ED%A0%80"})
  void aStreamWhoseQueryEscapesAreNotUtf8IsABadRequest(String query) {
    try (EventStream s = EventStream.open(URI.create(server.streamUrl() + "?" + query), AUTH)) {
      assertThat(s.status()).isEqualTo(400);
    }
    assertThat(server.hub().getDeliveryManager().getAllClients()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"client_id=%C3%28", "client_id=x&last_received_id=%E2%82"})
  void missedWithQueryEscapesThatAreNotUtf8IsABadRequest(String query) {
    HubClient.Reply r = client.get("/v1/sse/missed?" + query, AUTH);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("code").asText()).isEqualTo("BAD_REQUEST");
  }

  @Test
  void escapesThatAreUtf8AndAPlusStillDecodeAsAForm() {
    URI uri = URI.create(server.streamUrl() + "?client_id=caf%C3%A9+%F0%9F%98%80");
    try (EventStream s = EventStream.open(uri, AUTH)) {
      assertThat(s.next("connected").data()).contains("\"client_id\":\"café 😀\"");
    }
  }
}
