package dev.ssekit.bench;

import dev.ssekit.bench.internal.Commands;
import dev.ssekit.server.HubConfig;
import dev.ssekit.server.Message;
import dev.ssekit.server.SseTestServer;
import java.time.Duration;

/** The hub under load, in its own JVM, publishing what the load tool tells it to on standard input. */
public final class HubHost {

  private HubHost() {}

  public static void main(String[] args) throws Exception {
    try (SseTestServer server = SseTestServer.builder().backlog(16_384)
        .hubConfig(HubConfig.builder().heartbeatInterval(Duration.ofSeconds(30)).build()).start()) {
      System.out.println("listening on " + server.url() + "/v1/sse");
      System.out.flush();
      Commands.loop(data -> server.hub().broadcast(Message.of(data)));
    }
  }
}
