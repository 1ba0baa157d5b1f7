package dev.ssekit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.conformance.internal.Wire;
import dev.ssekit.server.HubConfig;
import dev.ssekit.server.Message;
import dev.ssekit.server.SseTestServer;
import dev.ssekit.server.TokenValidator;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Node's {@code eventsource} package (pinned in {@code interop/package.json}, installed by {@code .ci/run} with
 * {@code npm ci}) in its own process against our hub: the query-token path, and its own reconnect with
 * {@code Last-Event-ID} after the hub cuts the stream, receiving exactly the missed events.
 */
class NodeEventSourceInteropTest {

  private static final File INTEROP = new File("interop");

  /** Outside CI a machine may have no Node: skip with the reason there; in CI it must run. */
  private static void requireNode() {
    boolean installed = new File(INTEROP, "node_modules/eventsource").isDirectory();
    if (System.getenv("CI") == null) {
      assumeTrue(installed, "run `npm ci` in conformance/interop to include the Node interop test");
    }
    assertThat(installed).as("conformance/interop/node_modules (npm ci)").isTrue();
  }

  @Test
  void nodeEventSourceResumesWithLastEventIdAndGetsExactlyTheMissedEvents() throws Exception {
    requireNode();
    try (SseTestServer hub = SseTestServer.start(HubConfig.builder().tokenValidator(TokenValidator.staticTokens("node-token"))
        .adminToken("adm").retryHint(Duration.ofMillis(300)).build())) {
      Process node = new ProcessBuilder("node", "node-client.mjs", hub.url() + "/v1/sse?token=node-token", "interop")
          .directory(INTEROP).redirectErrorStream(true).start();
      BlockingQueue<JsonNode> lines = new LinkedBlockingQueue<>();
      Thread reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            try {
              lines.add(Wire.JSON.readTree(line));
            } catch (Exception notJson) {
              lines.add(Wire.JSON.createObjectNode().put("kind", "output").put("text", line));
            }
          }
        } catch (Exception ignored) {
          // the process ended
        }
      });
      reader.setDaemon(true);
      reader.start();
      try {
        assertThat(next(lines, "open")).isNotNull();
        List<String> published = new ArrayList<>();
        published.add(hub.hub().broadcast(Message.of("interop", "one")));
        published.add(hub.hub().broadcast(Message.of("interop", "two")));
        List<String> received = new ArrayList<>();
        received.add(next(lines, "event").get("id").asText());
        received.add(next(lines, "event").get("id").asText());

        new Wire(new Target(hub.url(), "node-token", null, hub.url(), "adm", Duration.ofSeconds(5)))
            .admin("POST", "/v1/admin/faults", "{\"type\":\"disconnect\"}");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (hub.hub().getClientCount() > 0 && System.nanoTime() < deadline) {
          Thread.sleep(5); // waiting for the hub to let go of the stream, not timing anything
        }
        published.add(hub.hub().broadcast(Message.of("interop", "three (missed)")));
        published.add(hub.hub().broadcast(Message.of("interop", "four (missed)")));
        assertThat(next(lines, "open")).as("node reconnected").isNotNull();
        received.add(next(lines, "event").get("id").asText());
        received.add(next(lines, "event").get("id").asText());
        assertThat(received).containsExactlyElementsOf(published);
        JsonNode after = lines.poll(500, TimeUnit.MILLISECONDS);
        assertThat(after == null ? "nothing" : after.get("kind").asText()).as("no duplicate").isNotEqualTo("event");
      } finally {
        node.getOutputStream().close();
        if (!node.waitFor(5, TimeUnit.SECONDS)) {
          node.destroyForcibly();
        }
      }
    }
  }

  /** The next line of a kind, skipping errors (a cut stream reports one), within 10 s. */
  private static JsonNode next(BlockingQueue<JsonNode> lines, String kind) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      JsonNode line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line != null && line.get("kind").asText().equals(kind)) {
        return line;
      }
      if (line != null && line.get("kind").asText().equals("output")) {
        throw new AssertionError("node said: " + line.get("text").asText());
      }
    }
    throw new AssertionError("no '" + kind + "' from node within 10 s");
  }
}
