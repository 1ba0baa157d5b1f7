package dev.ssekit.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.server.support.EventStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JUnit 5 extension gives each test a running server. */
class SseTestServerExtensionTest {

  @RegisterExtension
  final SseTestServerExtension hub = new SseTestServerExtension(HubConfig.builder().bufferSize(10).build());

  @Test
  void givesTheTestARunningServer(SseTestServer server) {
    assertThat(server).isSameAs(hub.server());
    try (EventStream stream = EventStream.open(hub.url().resolve("/v1/sse"))) {
      stream.next("connected");
      String id = hub.hub().broadcast(Message.of("hello"));
      assertThat(stream.next("message").id()).isEqualTo(id);
    }
  }

  @Test
  void eachTestGetsAFreshServerWhenRegisteredOnAnInstanceField() {
    assertThat(hub.hub().stats().messagesPublished()).isZero();
    assertThat(hub.hub().config().bufferSize()).isEqualTo(10);
  }
}
