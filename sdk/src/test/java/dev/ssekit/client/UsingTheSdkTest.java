package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ssekit.client.support.Recorder;
import dev.ssekit.server.Hub;
import dev.ssekit.server.HubConfig;
import dev.ssekit.server.Message;
import dev.ssekit.server.SseTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 rules 1 and 2: the SDK used the way the README shows, against the real hub — the shortcut builder,
 * a lambda listener, typed handlers that see the event, generic payloads, payloads with fields the app's type
 * does not have, and the modern types.
 */
class UsingTheSdkTest {

  /** The app's type: it knows sku and qty only. */
  public static final class Order {
    public String sku;
    public int qty;
  }

  private SseTestServer server;
  private SseClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private Hub start() {
    server = SseTestServer.start(HubConfig.builder().adminToken("adm").heartbeatInterval(Duration.ofSeconds(30)).build());
    return server.hub();
  }

  private String url() {
    return server.url().resolve("/v1/sse").toString();
  }

  @Test
  void aLambdaListenerTheShortcutBuilderTypedAndGenericHandlersAndAnExtraField() throws Exception {
    Hub hub = start();
    BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    client = SseClient.builder(url())
        .readTimeout(Duration.ofSeconds(60))
        .reconnectPolicy(ReconnectPolicy.builder().initialDelay(Duration.ofMillis(10)).maxDelay(Duration.ofSeconds(1)).build())
        .ackPolicy(AckPolicy.batched(100, Duration.ofMillis(200)))
        .listener(event -> seen.add("event " + event.type()))
        .build();
    client.on("order", Order.class, (order, event) -> seen.add("order " + event.id() + " " + order.sku + " x" + order.qty));
    client.on("orders", new TypeReference<List<Order>>() {}, (orders, event) ->
        seen.add("orders " + event.type() + " " + orders.size() + " " + orders.get(1).sku));
    client.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> client.state().isOpen());
    assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("event connected");

    String id = hub.broadcast(Message.of("order",
        Map.of("sku", "A-1", "qty", 2, "added_by_the_server_later", Map.of("x", 1))));
    assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("event order");
    assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("order " + id + " A-1 x2");

    hub.broadcast(Message.of("orders", List.of(Map.of("sku", "B", "qty", 1), Map.of("sku", "C", "qty", 3, "new", true))));
    assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("event orders");
    assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("orders orders 2 C");
    await().atMost(Duration.ofSeconds(10)).until(() -> client.lastAckedId() != null);

    client.close();
    assertThat(client.state().isClosed()).isTrue();
    assertThat(client.state().isOpen()).isFalse();
  }

  @Test
  void anAppsOwnMapperIsUsedAsGivenAndADecodeFailureNamesTheEventAndTheTargetType() throws Exception {
    Hub hub = start();
    Recorder app = new Recorder();
    List<String> orders = new CopyOnWriteArrayList<>();
    client = SseClient.builder(url())
        .objectMapper(new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES))
        .listener(app)
        .build();
    client.on("order", Order.class, (order, event) -> orders.add(order.sku));
    client.start();
    app.nextState("OPEN");
    String id = hub.broadcast(Message.of("order", Map.of("sku", "A-1", "qty", 2, "unknown_to_the_app", 1)));
    assertThat(app.next(l -> l.startsWith("poison"))).startsWith("poison " + id + " order ");
    SseCallbackException error = (SseCallbackException) app.errors.get(0);
    assertThat(error.getMessage()).contains(id).contains("order").contains(Order.class.getName());
    assertThat(error.event().id()).isEqualTo(id);
    assertThat(orders).isEmpty();
    String next = hub.broadcast(Message.of("order", Map.of("sku", "B-2", "qty", 1)));
    await().atMost(Duration.ofSeconds(10)).until(() -> orders.contains("B-2"));
    assertThat(client.lastEventId()).isEqualTo(next);
  }

  @Test
  void aGenericDecodeFailureNamesTheGenericTargetType() throws Exception {
    Hub hub = start();
    Recorder app = new Recorder();
    client = SseClient.builder(url()).listener(app).build();
    client.on("orders", new TypeReference<List<Order>>() {}, (orders, event) -> { });
    client.start();
    app.nextState("OPEN");
    hub.broadcast(Message.of("orders", Map.of("not", "a list")));
    app.next(l -> l.startsWith("poison"));
    assertThat(app.errors.get(0).getMessage()).contains("java.util.List<" + Order.class.getName() + ">");
  }

  @Test
  void everyTimeSettingTakesADurationAndRefusesANegativeOne() {
    assertThat(SseConfig.builder().readTimeout(Duration.ofSeconds(5)).build().readTimeoutMillis()).isEqualTo(5000);
    assertThat(SseConfig.builder().readTimeout(Duration.ofSeconds(5)).build().readTimeout()).isEqualTo(Duration.ofSeconds(5));
    ReconnectPolicy policy = ReconnectPolicy.builder().initialDelay(Duration.ofMillis(250)).maxDelay(Duration.ofMinutes(2)).build();
    assertThat(policy.initialDelay()).isEqualTo(Duration.ofMillis(250));
    assertThat(policy.maxDelayMillis()).isEqualTo(120_000);
    assertThat(AckPolicy.batched(10, Duration.ofSeconds(2)).everyMillis()).isEqualTo(2000);
    assertThatThrownBy(() -> SseConfig.builder().readTimeout(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readTimeout");
    assertThatThrownBy(() -> SseConfig.builder().readTimeout(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReconnectPolicy.builder().maxDelay(Duration.ofSeconds(Long.MAX_VALUE)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too long");
    assertThatThrownBy(() -> AckPolicy.batched(1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theShortcutBuilderAndAWholeConfigCombine() {
    SseConfig shared = SseConfig.builder().clientId("phone-1").maxPendingEvents(7).build();
    start();
    client = SseClient.builder(url()).config(shared).token("secret").header("X-App", "demo").build();
    assertThat(client.state().kind()).isEqualTo(ConnectionState.Kind.CONNECTING);
    assertThat(client.clientId()).isEqualTo("phone-1");
    assertThat(shared.headers()).isEmpty(); // the shared config was copied, not changed
  }
}
