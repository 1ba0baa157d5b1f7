package dev.ssekit.conformance.internal.mutants;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.conformance.ReferenceHubs;
import dev.ssekit.conformance.Target;
import dev.ssekit.server.SseTestServer;
import org.junit.jupiter.api.Test;

/** The self-test judges broken hubs only in front of a hub that serves. */
class ServerSelfTestTest {

  @Test
  void inFrontOfAStoppedHubNoBrokenHubIsJudged() throws Exception {
    try (SseTestServer hub = ReferenceHubs.start(ReferenceHubs.config().build())) {
      hub.hub().stop();
      Target target = ReferenceHubs.fullTarget(hub, hub.url()).build();
      KillMatrix matrix = ServerSelfTest.run(target);
      assertThat(matrix.rows()).isEmpty();
      assertThat(matrix.markdown()).contains("the hub is stopped (GET /healthz answers 503)");
    }
  }
}
