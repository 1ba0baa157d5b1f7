package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.client.support.Recorder;
import dev.ssekit.client.support.SseStreams;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue rules 1 and 9: typed subscriptions with Jackson; failures are reported and the stream goes on. */
class TypedEventsTest {

  /** An app's event type. */
  public static final class Order {
    public String sku;
    public int qty;
  }

  @StartStop
  final MockWebServer server = new MockWebServer();

  private final Recorder recorder = new Recorder();
  private SseClient client;

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
  }

  private SseClient build() {
    client = SseClient.builder(server.url("/v1/sse").toString())
        .config(SseConfig.builder().ackPolicy(AckPolicy.disabled()).build())
        .listener(recorder)
        .build();
    return client;
  }

  @Test
  void decodesSubscribedTypesWithJackson() {
    server.enqueue(SseStreams.open("event: order\ndata: {\"sku\":\"A-1\",\"qty\":2}\n\nevent: other\ndata: x\n\n"
        + "id: 9\nevent: order\ndata: {\"sku\":\"B-2\",\"qty\":5}\n\n"));
    List<String> orders = new CopyOnWriteArrayList<>();
    build().on("order", Order.class, o -> orders.add(o.sku + "x" + o.qty));
    client.start();
    recorder.next(l -> l.startsWith("event 9"));
    org.awaitility.Awaitility.await().until(() -> orders.size() == 2);
    assertThat(orders).containsExactly("A-1x2", "B-2x5");
  }

  @Test
  void aDecodeErrorGoesToOnErrorAndTheStreamKeepsGoing() {
    server.enqueue(SseStreams.open("id: 1\nevent: order\ndata: not json\n\nid: 2\nevent: order\ndata: {\"sku\":\"ok\",\"qty\":1}\n\n"));
    List<String> orders = new CopyOnWriteArrayList<>();
    build().on("order", Order.class, o -> orders.add(o.sku));
    client.start();
    assertThat(recorder.next(l -> l.startsWith("error"))).isEqualTo("error SseCallbackException");
    SseCallbackException error = (SseCallbackException) recorder.errors.get(0);
    assertThat(error.event().id()).isEqualTo("1");
    assertThat(error.getMessage()).contains("Order");
    org.awaitility.Awaitility.await().until(() -> orders.contains("ok"));
  }

  @Test
  void aListenerThatKeepsThrowingIsReportedEachTimeAndNeverKillsTheStream() {
    server.enqueue(SseStreams.open("data: one\n\ndata: two\n\n"));
    Recorder throwing = new Recorder() {
      @Override
      public void onEvent(SseEvent event) {
        super.onEvent(event);
        if (event.data().equals("one")) {
          throw new IllegalStateException("app bug");
        }
      }
    };
    client = SseClient.builder(server.url("/v1/sse").toString())
        .config(SseConfig.builder().ackPolicy(AckPolicy.disabled()).build())
        .listener(throwing).build();
    client.start();
    java.util.function.Predicate<String> app = l -> !l.startsWith("state") && !l.equals("open");
    for (int attempt = 1; attempt <= 3; attempt++) {
      assertThat(throwing.next(app)).isEqualTo("event null message one");
      assertThat(throwing.next(app)).isEqualTo("error SseCallbackException");
    }
    assertThat(throwing.next(app)).isEqualTo("poison null message one");
    assertThat(throwing.nextEvent()).isEqualTo("event null message two");
    assertThat(client.state().kind()).isEqualTo(ConnectionState.Kind.OPEN);
  }

  @Test
  void aCancelledSubscriptionReceivesNothingMore() {
    server.enqueue(SseStreams.open("event: order\ndata: {\"sku\":\"A\",\"qty\":1}\n\n"));
    List<String> orders = new CopyOnWriteArrayList<>();
    Subscription s = build().on("order", Order.class, o -> orders.add(o.sku));
    s.cancel();
    client.start();
    recorder.next(l -> l.startsWith("event"));
    assertThat(orders).isEmpty();
  }
}
