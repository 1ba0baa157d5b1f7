package dev.ssekit.dependencycheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssekit.client.ConnectionState;
import dev.ssekit.client.SseClient;
import dev.ssekit.client.SseEvent;
import dev.ssekit.client.SseListener;
import dev.ssekit.server.HubConfig;
import dev.ssekit.server.SseTestServer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.Test;
import retrofit2.Call;
import retrofit2.Response;
import retrofit2.Retrofit;
import retrofit2.http.Body;
import retrofit2.http.Header;
import retrofit2.http.POST;

/** Retrofit (written for OkHttp 4) and the SDK (OkHttp 5) work in one JVM on the one OkHttp Maven resolved. */
class SideBySideTest {

  /** The hub's admin API, as an app's Retrofit interface. */
  interface Admin {
    @POST("v1/admin/broadcast")
    Call<ResponseBody> broadcast(@Header("Authorization") String authorization, @Body RequestBody message);
  }

  @Test
  void anEventPublishedThroughRetrofitReachesTheSdk() throws IOException {
    try (SseTestServer server = SseTestServer.start(HubConfig.builder().adminToken("adm").build())) {
      List<SseEvent> events = new CopyOnWriteArrayList<>();
      List<ConnectionState.Kind> states = new CopyOnWriteArrayList<>();
      SseClient client = SseClient.builder(server.url().resolve("/v1/sse").toString())
          .listener(new SseListener() {
            @Override
            public void onEvent(SseEvent event) {
              events.add(event);
            }

            @Override
            public void onStateChange(ConnectionState state) {
              states.add(state.kind());
            }
          })
          .build();
      try {
        client.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> states.contains(ConnectionState.Kind.OPEN));
        Admin admin = new Retrofit.Builder().baseUrl(server.url().toString() + "/").build().create(Admin.class);

        Response<ResponseBody> answer = admin.broadcast("Bearer adm", RequestBody.create(
            "{\"event\":\"order\",\"data\":{\"item\":\"tea\"}}", MediaType.get("application/json"))).execute();

        assertThat(answer.code()).isEqualTo(200);
        answer.body().close();
        await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(e -> e.type().equals("order")));
        assertThat(events).filteredOn(e -> e.type().equals("order")).singleElement()
            .extracting(SseEvent::data).isEqualTo("{\"item\":\"tea\"}");
      } finally {
        client.close();
      }
    }
  }
}
