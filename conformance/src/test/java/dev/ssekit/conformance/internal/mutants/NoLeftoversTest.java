package dev.ssekit.conformance.internal.mutants;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.conformance.ReferenceHubs;
import dev.ssekit.conformance.Target;
import dev.ssekit.conformance.internal.ScriptedServer;
import dev.ssekit.conformance.internal.EventStream;
import dev.ssekit.conformance.internal.Wire;
import dev.ssekit.server.SseTestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Closing a proxy or a broken client ends its threads and connections, even with a stream open. */
class NoLeftoversTest {

  private static boolean alive(String name) {
    return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
  }

  private static boolean goneWithin(String name, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (alive(name) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return !alive(name);
  }

  @Test
  void closingTheProxyEndsItsThreadsAndTheStreamsItRelays() throws Exception {
    try (SseTestServer hub = ReferenceHubs.start(ReferenceHubs.config().build())) {
      MutatingProxy proxy = new MutatingProxy(hub.url(), Mutation.NONE, "good", "adm");
      String name = MutatingProxy.threadName(proxy.url().getPort());
      Wire wire = new Wire(Target.builder(proxy.url()).token("good").build());
      try (EventStream s = wire.connect("leftover-" + System.nanoTime(), Map.of(), Duration.ofSeconds(5))) {
        assertThat(alive(name)).isTrue();
        proxy.close();
        assertThat(s.endsWithin(Duration.ofSeconds(5))).as("the relayed stream ends").isTrue();
      }
      assertThat(goneWithin(name, Duration.ofSeconds(5))).as("threads named " + name).isTrue();
    }
  }

  @Test
  void closingABrokenClientsSessionEndsItsThreadWhileItsStreamIsOpen() throws Exception {
    ScriptedServer.Response open = new ScriptedServer.Response("HTTP/1.1 200 OK",
        Map.of("Content-Type", "text/event-stream"), List.of("data: x\n\n".getBytes(StandardCharsets.UTF_8)), true);
    try (ScriptedServer server = new ScriptedServer(List.of(open))) {
      CountDownLatch got = new CountDownLatch(1);
      var session = new MiniClient(EnumSet.noneOf(MiniClient.Bug.class)).open(server.url("/sse"),
          new dev.ssekit.conformance.ClientUnderTest.Events() {
            @Override
            public void event(String id, String type, String data) {
              got.countDown();
            }

            @Override
            public void stopped(String why) {
              // not needed here
            }
          });
      assertThat(got.await(5, TimeUnit.SECONDS)).isTrue();
      String name = MiniClient.threadName(server.url("/sse"));
      assertThat(alive(name)).isTrue();
      session.close();
      assertThat(goneWithin(name, Duration.ofSeconds(3))).as("thread " + name).isTrue();
    }
  }
}
