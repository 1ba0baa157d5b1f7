package dev.ssekit.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.server.HubConfig;
import dev.ssekit.server.SseTestServer;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class LeakWatchTest {

  private static void leakAStream(OkHttpClient http, HttpUrl url) throws Exception {
    Response response = http.newCall(new Request.Builder().url(url).build()).execute();
    assertThat(response.code()).isEqualTo(200); // and never closed
  }

  @Test
  void seesAStreamResponseNobodyClosed() throws Exception {
    OkHttpClient http = new OkHttpClient();
    try (SseTestServer hub = SseTestServer.start(HubConfig.defaults()); LeakWatch watch = new LeakWatch()) {
      HttpUrl base = HttpUrl.get(hub.url().toString());
      leakAStream(http, base.resolve("/v1/sse"));
      assertThat(watch.check(http, base.resolve("/healthz"), 5_000)).isEqualTo(1);
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  @Test
  void seesNothingWhenEveryResponseWasClosed() throws Exception {
    OkHttpClient http = new OkHttpClient();
    try (SseTestServer hub = SseTestServer.start(HubConfig.defaults()); LeakWatch watch = new LeakWatch()) {
      HttpUrl base = HttpUrl.get(hub.url().toString());
      for (int i = 0; i < 3; i++) {
        http.newCall(new Request.Builder().url(base.resolve("/v1/sse")).build()).execute().close();
      }
      assertThat(watch.check(http, base.resolve("/healthz"), 500)).isZero();
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }
}
