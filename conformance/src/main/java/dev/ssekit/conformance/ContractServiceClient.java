package dev.ssekit.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.ssekit.conformance.internal.Wire;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the client suite against any client that has a test service for the public SSE contract-test protocol
 * (launchdarkly/sse-contract-tests), in any language: it asks the service to create streams on the suite's
 * scripted server and receives the client's events through the protocol's numbered callbacks.
 */
public final class ContractServiceClient implements ClientUnderTest, AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private final URI service;
  private final HttpServer callbacks;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "contract-callbacks");
    t.setDaemon(true);
    return t;
  });
  private final Map<Integer, Receiver> receivers = new ConcurrentHashMap<>();
  private final AtomicInteger streams = new AtomicInteger();

  /** Puts callbacks in their numbered order before handing them on, whatever order they arrive in. */
  private static final class Receiver {
    private final Events events;
    private final TreeMap<Integer, JsonNode> pending = new TreeMap<>();
    private int next = 1;

    Receiver(Events events) {
      this.events = events;
    }

    synchronized void receive(int number, JsonNode message) {
      pending.put(number, message);
      while (pending.containsKey(next)) {
        JsonNode m = pending.remove(next++);
        if ("event".equals(m.path("kind").asText())) {
          JsonNode e = m.path("event");
          events.event(e.hasNonNull("id") ? e.get("id").asText() : null,
              e.hasNonNull("type") ? e.get("type").asText() : "message", e.path("data").asText());
        }
      }
    }
  }

  /** @param service the test service's base URL */
  public ContractServiceClient(URI service) throws IOException {
    this.service = service;
    this.callbacks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    callbacks.setExecutor(executor);
    callbacks.createContext("/cb/", ex -> {
      String[] parts = ex.getRequestURI().getPath().split("/"); // "", "cb", stream, number
      try {
        Receiver receiver = receivers.get(Integer.parseInt(parts[2]));
        if (receiver != null) {
          receiver.receive(Integer.parseInt(parts[3]), Wire.JSON.readTree(ex.getRequestBody().readAllBytes()));
        }
        ex.sendResponseHeaders(202, -1);
      } catch (RuntimeException e) {
        ex.sendResponseHeaders(400, -1);
      } finally {
        ex.close();
      }
    });
    callbacks.start();
  }

  @Override
  public Session open(URI url, Events events) {
    int id = streams.incrementAndGet();
    receivers.put(id, new Receiver(events));
    String body = "{\"streamUrl\":\"" + url + "\",\"callbackUrl\":\"http://127.0.0.1:"
        + callbacks.getAddress().getPort() + "/cb/" + id + "\",\"tag\":\"ssekit-client-suite\",\"initialDelayMs\":10}";
    try {
      HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(service).timeout(Duration.ofSeconds(10))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      String location = created.headers().firstValue("Location")
          .orElseThrow(() -> new IllegalStateException("the service answered " + created.statusCode() + " without Location"));
      URI stream = service.resolve(location);
      return () -> {
        receivers.remove(id);
        try {
          HTTP.send(HttpRequest.newBuilder(stream).timeout(Duration.ofSeconds(10)).DELETE().build(),
              HttpResponse.BodyHandlers.discarding());
        } catch (Exception e) {
          // the service is gone; nothing more to close
        }
      };
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("cannot create a stream on " + service + ": " + e, e);
    }
  }

  @Override
  public void close() {
    callbacks.stop(0);
    executor.shutdownNow();
  }
}
