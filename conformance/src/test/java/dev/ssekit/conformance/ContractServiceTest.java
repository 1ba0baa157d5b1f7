package dev.ssekit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.ssekit.conformance.internal.ScriptedServer;
import dev.ssekit.conformance.internal.Wire;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The contract-test service, driven the way the public harness drives it. */
class ContractServiceTest {

  @Test
  void servesCapabilitiesCreatesStreamsAndPostsNumberedCallbacksInOrder() throws Exception {
    BlockingQueue<String[]> callbacks = new LinkedBlockingQueue<>();
    HttpServer harness = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    harness.createContext("/cb", ex -> {
      callbacks.add(new String[] {ex.getRequestURI().getPath(),
          new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)});
      ex.sendResponseHeaders(202, -1);
      ex.close();
    });
    harness.start();
    try (ContractService service = new ContractService(0);
        ScriptedServer stream = new ScriptedServer(List.of(ScriptedServer.Response.stream(
            List.of(": hello\nid: 5\nevent: put\ndata: x\n\n".getBytes(StandardCharsets.UTF_8)))))) {
      Wire wire = new Wire(new Target(service.url(), null, null, null, null, Duration.ofSeconds(1)));
      Wire.Reply status = wire.send("GET", service.url(), null, Map.of());
      assertThat(status.json().get("capabilities")).extracting(JsonNode::asText)
          .containsExactlyInAnyOrder("comments", "headers", "last-event-id", "read-timeout", "bom", "post", "report",
              "restart", "server-directed-shutdown-request");

      String create = "{\"streamUrl\":\"" + stream.url("/stream") + "\",\"callbackUrl\":\"http://127.0.0.1:"
          + harness.getAddress().getPort() + "/cb/7\",\"tag\":\"t\",\"initialDelayMs\":10,\"readTimeoutMs\":5000,"
          + "\"lastEventId\":\"start\",\"headers\":{\"x-test\":\"yes\"}}";
      Wire.Reply created = wire.send("POST", service.url(), create, Map.of());
      assertThat(created.status()).isEqualTo(201);
      String location = created.header("Location");

      String[] first = callbacks.poll(10, TimeUnit.SECONDS);
      String[] second = callbacks.poll(10, TimeUnit.SECONDS);
      assertThat(first[0]).isEqualTo("/cb/7/1");
      assertThat(Wire.JSON.readTree(first[1])).isEqualTo(Wire.JSON.readTree("{\"kind\":\"comment\",\"comment\":\" hello\"}"));
      assertThat(second[0]).isEqualTo("/cb/7/2");
      assertThat(Wire.JSON.readTree(second[1]))
          .isEqualTo(Wire.JSON.readTree("{\"kind\":\"event\",\"event\":{\"type\":\"put\",\"data\":\"x\",\"id\":\"5\"}}"));
      ScriptedServer.Request request = stream.requests().get(0);
      assertThat(request.header("x-test")).isEqualTo("yes");
      assertThat(request.header("Last-Event-ID")).isEqualTo("start");

      assertThat(wire.send("POST", service.url().resolve(location), "{\"command\":\"listen\"}", Map.of()).status())
          .isEqualTo(400);
      assertThat(wire.send("DELETE", service.url().resolve(location), null, Map.of()).status()).isEqualTo(204);
      assertThat(wire.send("DELETE", service.url().resolve(location), null, Map.of()).status()).isEqualTo(404);
      assertThat(wire.send("POST", service.url(), "{\"tag\":\"no urls\"}", Map.of()).status()).isEqualTo(400);
    } finally {
      harness.stop(0);
    }
  }

  @Test
  void deleteOnTheRootStopsTheService() throws Exception {
    try (ContractService service = new ContractService(0)) {
      Wire wire = new Wire(new Target(service.url(), null, null, null, null, Duration.ofSeconds(1)));
      assertThat(wire.send("DELETE", service.url(), null, Map.of()).status()).isEqualTo(204);
      Thread waiter = new Thread(() -> {
        try {
          service.awaitStop();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      waiter.start();
      waiter.join(5000);
      assertThat(waiter.isAlive()).isFalse();
    }
  }

  /** An SSE endpoint that records each request (method, headers, body) and answers the n-th one as scripted. */
  private static final class StreamEndpoint implements AutoCloseable {
    record Seen(String method, Map<String, String> headers, String body) {}

    final BlockingQueue<Seen> requests = new LinkedBlockingQueue<>();
    private final HttpServer server;
    private final List<String> bodies;
    private final boolean holdLast;
    private final boolean holdAll;
    private final java.util.concurrent.CountDownLatch closing = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.atomic.AtomicInteger served = new java.util.concurrent.atomic.AtomicInteger();

    /** Answers request n with {@code bodies[n]} (the last one for later requests); the last stays open if asked. */
    StreamEndpoint(List<String> bodies, boolean holdLast) throws java.io.IOException {
      this(bodies, holdLast, false);
    }

    /** With {@code holdAll}, every response stays open until the client or the test ends it. */
    StreamEndpoint(List<String> bodies, boolean holdLast, boolean holdAll) throws java.io.IOException {
      this.bodies = bodies;
      this.holdLast = holdLast;
      this.holdAll = holdAll;
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
      server.createContext("/", ex -> {
        Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
        requests.add(new Seen(ex.getRequestMethod(), headers,
            new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        int n = served.getAndIncrement();
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        ex.getResponseBody().write(bodies.get(Math.min(n, bodies.size() - 1)).getBytes(StandardCharsets.UTF_8));
        ex.getResponseBody().flush();
        if (holdAll || holdLast && n >= bodies.size() - 1) {
          try {
            closing.await(20, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        ex.close();
      });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/stream";
    }

    Seen next() throws InterruptedException {
      Seen seen = requests.poll(10, TimeUnit.SECONDS);
      assertThat(seen).as("a request within 10 s").isNotNull();
      return seen;
    }

    @Override
    public void close() {
      closing.countDown();
      server.stop(0);
      ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
  }

  private static String create(Wire wire, ContractService service, String streamUrl, String extra) throws Exception {
    String body = "{\"streamUrl\":\"" + streamUrl + "\",\"callbackUrl\":\"http://127.0.0.1:1/cb\","
        + "\"initialDelayMs\":10" + extra + "}";
    Wire.Reply created = wire.send("POST", service.url(), body, Map.of());
    assertThat(created.status()).isEqualTo(201);
    return created.header("Location");
  }

  @Test
  void theRestartCommandReconnectsAtOnceWithTheLastEventId() throws Exception {
    BlockingQueue<String> callbacks = new LinkedBlockingQueue<>();
    HttpServer harness = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    harness.createContext("/cb", ex -> {
      callbacks.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      ex.sendResponseHeaders(202, -1);
      ex.close();
    });
    harness.start();
    try (ContractService service = new ContractService(0);
        StreamEndpoint stream = new StreamEndpoint(List.of("id: 5\ndata: x\n\n", "id: 6\ndata: y\n\n"), true, true)) {
      Wire wire = new Wire(new Target(service.url(), null, null, null, null, Duration.ofSeconds(1)));
      String body = "{\"streamUrl\":\"" + stream.url() + "\",\"callbackUrl\":\"http://127.0.0.1:"
          + harness.getAddress().getPort() + "/cb/1\",\"initialDelayMs\":60000}";
      Wire.Reply created = wire.send("POST", service.url(), body, Map.of());
      String location = created.header("Location");
      assertThat(stream.next().headers().get("Last-Event-ID")).isNull();
      assertThat(callbacks.poll(10, TimeUnit.SECONDS)).contains("\"id\":\"5\"");
      assertThat(wire.send("POST", service.url().resolve(location), "{\"command\":\"restart\"}", Map.of()).status())
          .isEqualTo(204);
      assertThat(stream.next().headers().get("Last-Event-ID")).isEqualTo("5");
      assertThat(callbacks.poll(10, TimeUnit.SECONDS)).contains("\"id\":\"6\"");
      assertThat(wire.send("POST", service.url().resolve("/streams/999"), "{\"command\":\"restart\"}", Map.of())
          .status()).isEqualTo(404);
    } finally {
      harness.stop(0);
    }
  }

  @Test
  void postAndReportSendTheirBodyWithTheGivenContentTypeOnEveryConnect() throws Exception {
    for (String method : List.of("POST", "REPORT")) {
      try (ContractService service = new ContractService(0);
          StreamEndpoint stream = new StreamEndpoint(List.of("id: 1\ndata: a\n\n", "data: b\n\n"), true)) {
        Wire wire = new Wire(new Target(service.url(), null, null, null, null, Duration.ofSeconds(1)));
        create(wire, service, stream.url(), ",\"method\":\"" + method + "\",\"body\":\"{\\\"q\\\":1}\","
            + "\"headers\":{\"content-type\":\"application/json\"}");
        for (int i = 0; i < 2; i++) {
          StreamEndpoint.Seen seen = stream.next();
          assertThat(seen.method()).isEqualTo(method);
          assertThat(seen.body()).isEqualTo("{\"q\":1}");
          assertThat(seen.headers().get("Content-Type")).startsWith("application/json");
        }
      }
    }
  }

  @Test
  void aBodyWithoutAContentTypeIsSentAsTextPlain() throws Exception {
    try (ContractService service = new ContractService(0);
        StreamEndpoint stream = new StreamEndpoint(List.of("data: a\n\n"), true)) {
      Wire wire = new Wire(new Target(service.url(), null, null, null, null, Duration.ofSeconds(1)));
      create(wire, service, stream.url(), ",\"method\":\"POST\",\"body\":\"hello\"");
      StreamEndpoint.Seen seen = stream.next();
      assertThat(seen.body()).isEqualTo("hello");
      assertThat(seen.headers().get("Content-Type")).startsWith("text/plain");
    }
  }

  @Test
  void aReadTimeoutDropsASilentStreamAndReconnects() throws Exception {
    try (ContractService service = new ContractService(0);
        StreamEndpoint stream = new StreamEndpoint(List.of("id: 1\ndata: a\n\n"), true)) {
      Wire wire = new Wire(new Target(service.url(), null, null, null, null, Duration.ofSeconds(1)));
      create(wire, service, stream.url(), ",\"readTimeoutMs\":300");
      stream.next();
      assertThat(stream.next().headers().get("Last-Event-ID")).isEqualTo("1");
    }
  }

  @Test
  void aByteOrderMarkIsSkippedAndA204StopsTheClient() throws Exception {
    BlockingQueue<String> callbacks = new LinkedBlockingQueue<>();
    HttpServer harness = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    harness.createContext("/cb", ex -> {
      callbacks.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      ex.sendResponseHeaders(202, -1);
      ex.close();
    });
    harness.start();
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] event = "data: after bom\n\n".getBytes(StandardCharsets.UTF_8);
    byte[] stream = new byte[bom.length + event.length];
    System.arraycopy(bom, 0, stream, 0, bom.length);
    System.arraycopy(event, 0, stream, bom.length, event.length);
    try (ContractService service = new ContractService(0);
        ScriptedServer server = new ScriptedServer(List.of(ScriptedServer.Response.stream(List.of(stream))))) {
      Wire wire = new Wire(new Target(service.url(), null, null, null, null, Duration.ofSeconds(1)));
      String body = "{\"streamUrl\":\"" + server.url("/s") + "\",\"callbackUrl\":\"http://127.0.0.1:"
          + harness.getAddress().getPort() + "/cb/1\",\"initialDelayMs\":10}";
      assertThat(wire.send("POST", service.url(), body, Map.of()).status()).isEqualTo(201);
      assertThat(Wire.JSON.readTree(callbacks.poll(10, TimeUnit.SECONDS)).path("event").path("data").asText())
          .isEqualTo("after bom");
      // the script is done, so the server answers 204 next: the client asks once and never again
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (server.requests().size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(server.requests()).hasSize(2);
      Thread.sleep(2_500); // the window in which the client suite judges a client stopped: no request may come
      assertThat(server.requests()).hasSize(2);
    } finally {
      harness.stop(0);
    }
  }
}
