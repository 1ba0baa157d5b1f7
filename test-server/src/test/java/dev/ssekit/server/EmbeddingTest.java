package dev.ssekit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.ssekit.server.support.HubClient;
import dev.ssekit.server.support.SelfSignedKey;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hub.handler() on an application's own HttpServer and HttpsServer, and SseTestServer over https. */
class EmbeddingTest {

  @TempDir
  Path dir;

  @Test
  void theHandlerServesEveryEndpointUnderTheApplicationsOwnContextPath() throws Exception {
    ExecutorService threads = Executors.newCachedThreadPool();
    HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    try (Hub hub = Hub.create(HubConfig.builder().adminToken("adm").build())) {
      app.setExecutor(threads);
      app.createContext("/hub", hub.handler());
      app.createContext("/app", ex -> {
        ex.sendResponseHeaders(204, -1);
        ex.close();
      });
      app.start();
      URI base = URI.create("http://127.0.0.1:" + app.getAddress().getPort() + "/hub/");
      HubClient client = new HubClient(base);
      assertThat(client.get("healthz").json().get("status").asText()).isEqualTo("ok");
      // The console under the prefix calls the hub with paths relative to itself.
      assertThat(client.get("").body()).contains("new EventSource('v1/sse?").doesNotContain("'/v1/");
      assertThat(new HubClient(base.resolve("/")).get("/app").status()).isEqualTo(204);
      firstMessageOverStream(HttpClient.newHttpClient(), base, hub);
      hub.stop();
      assertThat(client.get("healthz").status()).isEqualTo(503);
    } finally {
      app.stop(0);
      threads.shutdownNow();
      assertThat(threads.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void theHandlerServesStreamsOnAnApplicationsHttpsServer() throws Exception {
    SelfSignedKey key = SelfSignedKey.create(dir);
    ExecutorService threads = Executors.newCachedThreadPool();
    HttpsServer app = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    try (Hub hub = Hub.create(HubConfig.defaults())) {
      app.setHttpsConfigurator(new HttpsConfigurator(key.serverContext()));
      app.setExecutor(threads);
      app.createContext("/", hub.handler());
      app.start();
      URI base = URI.create("https://127.0.0.1:" + app.getAddress().getPort() + "/");
      firstMessageOverStream(httpsClient(key.clientContext()), base, hub);
    } finally {
      app.stop(0);
      threads.shutdownNow();
    }
  }

  @Test
  void sseTestServerServesHttpsWithAGivenKey() throws Exception {
    SelfSignedKey key = SelfSignedKey.create(dir);
    try (SseTestServer server = SseTestServer.builder().tls(key.serverContext()).start()) {
      assertThat(server.url().getScheme()).isEqualTo("https");
      firstMessageOverStream(httpsClient(key.clientContext()), server.url().resolve("/"), server.hub());
    }
  }

  static HttpClient httpsClient(SSLContext trust) {
    return HttpClient.newBuilder().sslContext(trust).version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** Opens a stream at {@code base + "v1/sse"}, waits for its connected event, publishes and reads the message. */
  static void firstMessageOverStream(HttpClient http, URI base, Hub hub) throws Exception {
    HttpResponse<java.io.InputStream> response = http.send(HttpRequest.newBuilder(base.resolve("v1/sse"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      assertThat(lines.readLine()).isEqualTo("event: connected");
      String id = hub.broadcast(Message.of("over the app's server"));
      String line;
      while ((line = lines.readLine()) != null && !line.equals("id: " + id)) {
        // skip the rest of the connected event
      }
      assertThat(line).isEqualTo("id: " + id);
      assertThat(lines.readLine()).isEqualTo("data: over the app's server");
    }
  }
}
