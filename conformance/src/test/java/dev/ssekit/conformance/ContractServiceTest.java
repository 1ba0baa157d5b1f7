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
          .containsExactlyInAnyOrder("comments", "headers", "last-event-id", "read-timeout");

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

      assertThat(wire.send("POST", service.url().resolve(location), "{\"command\":\"restart\"}", Map.of()).status())
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

}
