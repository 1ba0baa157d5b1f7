package dev.ssekit.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.server.support.EventStream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A server shared by a class: each test starts with no client, whatever the test before left open. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedServerExtensionTest {

  @RegisterExtension
  static final SseTestServerExtension HUB = new SseTestServerExtension(HubConfig.defaults());

  private static EventStream leftOpen;

  @Test
  @Order(1)
  void aTestThatLeavesAStreamOpen() {
    leftOpen = EventStream.open(HUB.server().streamUrl(), java.util.Map.of("X-Client-ID", "left-open"));
    leftOpen.next("connected");
    HUB.server().awaitClient("left-open");
    assertThat(HUB.hub().getClientCount()).isEqualTo(1);
  }

  @Test
  @Order(2)
  void theNextTestStartsWithNoClientCounted() {
    assertThat(HUB.hub().getClientCount()).isZero();
    assertThat(HUB.hub().clients()).isEmpty();
    leftOpen.ended().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join();
    leftOpen.close();
  }
}
