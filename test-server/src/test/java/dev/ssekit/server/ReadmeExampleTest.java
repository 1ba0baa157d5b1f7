package dev.ssekit.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.server.support.EventStream;
import dev.ssekit.server.support.HubClient;
import dev.ssekit.server.support.TestEvent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's "In your tests" example works as written: the example below is the README's, line for line,
 * with each of its {@code // ...} placeholder lines filled in by lines marked {@code // client}.
 */
class ReadmeExampleTest {

  @Test
  void theReadmeExampleRunsAsWritten() throws Exception {
    EventStream[] client = new EventStream[1];
    // README:begin
    try (SseTestServer server = SseTestServer.start(HubConfig.builder()
            .tokenValidator(TokenValidator.staticTokens("test-token"))
            .heartbeatInterval(Duration.ofMillis(200))
            .build())) {
      URI stream = server.streamUrl();
      client[0] = EventStream.open(stream, Map.of("Authorization", "Bearer test-token", "X-Client-ID", "phone")); // client
      String join = HubClient.JSON.readTree(client[0].next("connected").data()).get("last_event_id").asText(); // client
      server.awaitClient("phone");
      server.faults().cut();
      String id = server.hub().sendToClient("phone", Message.of("order", Map.of("id", 42)));
      client[0].ended().get(5, TimeUnit.SECONDS); // client
      assertThat(client[0].drainIgnoringHeartbeats()).as("half an event is never dispatched").isEmpty(); // client
      client[0] = EventStream.open(stream, Map.of("Authorization", "Bearer test-token", "X-Client-ID", "phone", // client
          "Last-Event-ID", join)); // client
      client[0].next("connected"); // client
      assertThat(client[0].next("order").id()).isEqualTo(id); // client
      assertThat(client[0].poll(Duration.ofMillis(300))).matches(e -> e == null || e.type().equals("heartbeat")); // client
    }
    // README:end
    client[0].close();
  }

  @Test
  void theReadmeShowsThisTestsExampleWithoutItsClientLines() throws Exception {
    String source = Files.readString(Path.of("src/test/java/dev/ssekit/server/ReadmeExampleTest.java"));
    List<String> example = new ArrayList<>();
    boolean inside = false;
    for (String line : source.lines().toList()) {
      if (line.trim().equals("// README:begin")) {
        inside = true;
      } else if (line.trim().equals("// README:end")) {
        inside = false;
      } else if (inside && !line.endsWith("// client")) {
        example.add(line.substring(4)); // the test's own indentation
      }
    }
    String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
    String section = readme.substring(readme.indexOf("### In your tests"));
    String block = section.substring(section.indexOf("```java\n") + 8, section.indexOf("```\n", 8));
    List<String> shown = block.lines().filter(l -> !l.trim().startsWith("// ...")).toList();
    assertThat(shown).containsExactlyElementsOf(example);
  }

  @Test
  void aRestartedHubAnswersAnIdOfTheEarlierRunWithAGap() {
    String earlier;
    try (SseTestServer first = SseTestServer.start(HubConfig.defaults())) {
      earlier = first.hub().broadcast(Message.of("before the restart"));
    }
    try (SseTestServer second = SseTestServer.start(HubConfig.defaults());
        EventStream s = EventStream.open(second.streamUrl(), Map.of("Last-Event-ID", earlier))) {
      s.next("connected");
      TestEvent gap = s.next();
      assertThat(gap.type()).isEqualTo("gap");
      assertThat(gap.data()).contains(earlier);
    }
  }
}
