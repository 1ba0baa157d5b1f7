package dev.ssekit.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ssekit.client.AckPolicy;
import dev.ssekit.client.ReconnectPolicy;
import dev.ssekit.client.SseClient;
import dev.ssekit.client.SseConfig;
import dev.ssekit.client.SseEvent;
import dev.ssekit.client.SseException;
import dev.ssekit.client.SseListener;
import dev.ssekit.conformance.internal.Wire;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.MediaType;
import okhttp3.RequestBody;

/**
 * The test service of the public SSE contract-test protocol (launchdarkly/sse-contract-tests), so that harness
 * can be run against the ssekit SDK by anyone who has it: {@code GET /} answers the capabilities, {@code POST /}
 * creates a stream ({@code streamUrl}, {@code callbackUrl}, {@code initialDelayMs}, {@code readTimeoutMs},
 * {@code lastEventId}, {@code headers}, {@code method}, {@code body}), {@code POST <stream>} with
 * {@code {"command":"restart"}} makes the client reconnect at once, {@code DELETE <stream>} closes it,
 * {@code DELETE /} stops the service. Each event, comment and error goes to the callback URL with a counter,
 * in order.
 */
public final class ContractService implements AutoCloseable {

  /**
   * What the SDK really has. Not claimed: event-type-listeners (the SDK hands every type to {@code onEvent},
   * so the harness needs no {@code listen} command).
   */
  public static final List<String> CAPABILITIES = List.of("comments", "headers", "last-event-id", "read-timeout",
      "bom", "post", "report", "restart", "server-directed-shutdown-request");

  private static final HttpClient CALLBACKS = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "contract-service");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, SseClient> streams = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final CountDownLatch stopRequested = new CountDownLatch(1);

  public ContractService(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Blocks until a harness sends {@code DELETE /}. */
  public void awaitStop() throws InterruptedException {
    stopRequested.await();
  }

  private void handle(HttpExchange ex) throws IOException {
    try {
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      if (path.equals("/")) {
        switch (method) {
          case "GET" -> respond(ex, 200, "{\"capabilities\":" + Wire.JSON.writeValueAsString(CAPABILITIES) + "}");
          case "POST" -> create(ex);
          case "DELETE" -> {
            respond(ex, 204, null);
            stopRequested.countDown();
          }
          default -> respond(ex, 405, null);
        }
        return;
      }
      SseClient client = streams.get(path);
      if (client == null) {
        respond(ex, 404, null);
      } else if (method.equals("DELETE")) {
        streams.remove(path);
        client.close();
        respond(ex, 204, null);
      } else if (method.equals("POST")) {
        command(ex, client);
      } else {
        respond(ex, 405, null);
      }
    } catch (RuntimeException e) {
      respond(ex, 500, null);
    }
  }

  private void command(HttpExchange ex, SseClient client) throws IOException {
    JsonNode body;
    try {
      body = Wire.JSON.readTree(ex.getRequestBody().readAllBytes());
    } catch (IOException e) {
      respond(ex, 400, null);
      return;
    }
    if (body != null && "restart".equals(body.path("command").asText())) {
      client.restart();
      respond(ex, 204, null);
    } else {
      respond(ex, 400, "{\"error\":\"unknown command\"}"); // listen is not claimed
    }
  }

  private void create(HttpExchange ex) throws IOException {
    JsonNode body;
    try {
      body = Wire.JSON.readTree(ex.getRequestBody().readAllBytes());
    } catch (IOException e) {
      respond(ex, 400, null);
      return;
    }
    if (body == null || !body.path("streamUrl").isTextual() || !body.path("callbackUrl").isTextual()) {
      respond(ex, 400, null);
      return;
    }
    SseConfig.Builder config = SseConfig.builder()
        .ackPolicy(AckPolicy.disabled())
        .heartbeatsAsEvents(true)
        .reconnectPolicy(ReconnectPolicy.builder()
            .initialDelayMillis(body.path("initialDelayMs").asLong(1000))
            .maxDelayMillis(Math.max(30_000, body.path("initialDelayMs").asLong(1000)))
            .build());
    if (body.path("readTimeoutMs").canConvertToLong() && body.path("readTimeoutMs").asLong() > 0) {
      config.readTimeoutMillis(body.get("readTimeoutMs").asLong());
    }
    String contentType = "text/plain; charset=utf-8";
    String callbackBase = body.get("callbackUrl").asText();
    SseClient client;
    try {
      if (body.path("lastEventId").isTextual() && !body.get("lastEventId").asText().isEmpty()) {
        config.initialLastEventId(body.get("lastEventId").asText());
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = body.path("headers").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> h = it.next();
        config.header(h.getKey(), h.getValue().asText());
        if (h.getKey().equalsIgnoreCase("Content-Type")) {
          contentType = h.getValue().asText();
        }
      }
      if (body.path("method").isTextual() && !body.get("method").asText().equals("GET")) {
        byte[] payload = body.path("body").asText("").getBytes(StandardCharsets.UTF_8);
        config.method(body.get("method").asText(), RequestBody.create(payload, MediaType.parse(contentType)));
      }
      client = SseClient.builder(body.get("streamUrl").asText()).config(config.build())
          .listener(new Callbacks(callbackBase)).build();
    } catch (IllegalArgumentException e) {
      respond(ex, 400, null);
      return;
    }
    String location = "/streams/" + ids.incrementAndGet();
    streams.put(location, client);
    client.start();
    ex.getResponseHeaders().set("Location", location);
    respond(ex, 201, null);
  }

  /** Posts what the SDK reports to the harness, numbered, in order (on the SDK's callback thread). */
  private static final class Callbacks implements SseListener {
    private final String base;
    private int counter;

    Callbacks(String base) {
      this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    private void post(ObjectNode message) {
      try {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/" + (++counter)))
            .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(Wire.JSON.writeValueAsString(message))).build();
        CALLBACKS.send(request, HttpResponse.BodyHandlers.discarding());
      } catch (Exception e) {
        // the harness has gone away; nothing to report to
      }
    }

    @Override
    public void onEvent(SseEvent event) {
      ObjectNode message = Wire.JSON.createObjectNode().put("kind", "event");
      ObjectNode e = message.putObject("event").put("type", event.type()).put("data", event.data());
      if (event.id() != null) {
        e.put("id", event.id());
      }
      post(message);
    }

    @Override
    public void onComment(String comment) {
      post(Wire.JSON.createObjectNode().put("kind", "comment").put("comment", comment));
    }

    @Override
    public void onError(SseException error) {
      post(Wire.JSON.createObjectNode().put("kind", "error").put("comment", String.valueOf(error.getMessage())));
    }
  }

  private static void respond(HttpExchange ex, int status, String json) throws IOException {
    byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
    if (json != null) {
      ex.getResponseHeaders().set("Content-Type", "application/json");
    }
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
    ex.close();
  }

  @Override
  public void close() {
    for (SseClient client : streams.values()) {
      client.close();
    }
    streams.clear();
    server.stop(0);
    executor.shutdownNow();
  }
}
