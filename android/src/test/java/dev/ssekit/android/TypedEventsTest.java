package dev.ssekit.android;

import static dev.ssekit.android.Phone.sdkThreads;
import static dev.ssekit.android.Phone.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.client.AckPolicy;
import dev.ssekit.client.SseConfig;
import dev.ssekit.client.Subscription;
import dev.ssekit.server.Message;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.annotation.Config;

/** Typed handlers subscribed through the stream outlive each connection. */
@RunWith(RobolectricTestRunner.class)
@Config(sdk = 34)
public class TypedEventsTest {

  /** An event's JSON data. */
  public static final class Order {
    public String item;
  }

  private Hubs hub;
  private Phone phone;
  private AndroidSseStream stream;
  private final List<String> items = new CopyOnWriteArrayList<>();

  @Before
  public void setUp() {
    hub = new Hubs();
    phone = new Phone();
    stream = AndroidSseStream.builder(phone.app, hub.url())
        .config(SseConfig.builder().token("t").ackPolicy(AckPolicy.disabled()).build())
        .build();
  }

  @After
  public void tearDown() {
    stream.close();
    until(() -> sdkThreads().isEmpty());
    hub.close();
  }

  private void order(String item) {
    hub.server.hub().broadcast(Message.of("order", "{\"item\":\"" + item + "\"}"));
  }

  @Test
  public void aTypedHandlerKeepsReceivingOnTheConnectionAfterAPause() {
    stream.on("order", Order.class, (order, event) -> items.add(order.item));
    stream.start();
    until(() -> stream.state().isOpen());
    order("tea");
    until(() -> items.size() == 1);

    phone.lose(Phone.MOBILE);
    until(() -> sdkThreads().isEmpty());
    order("cake");
    phone.switchTo(Phone.WIFI);

    until(() -> items.size() == 2);
    assertThat(items).containsExactly("tea", "cake");
  }

  @Test
  public void aCancelledTypedHandlerGetsNothingMoreOnAnyConnection() {
    List<String> others = new CopyOnWriteArrayList<>();
    Subscription tea = stream.on("order", Order.class, (order, event) -> items.add(order.item));
    stream.on("order", Order.class, (order, event) -> others.add(order.item));
    stream.start();
    until(() -> stream.state().isOpen());
    order("tea");
    until(() -> items.size() == 1 && others.size() == 1);

    tea.cancel();
    phone.lose(Phone.MOBILE);
    until(() -> sdkThreads().isEmpty());
    phone.switchTo(Phone.WIFI);
    until(() -> stream.state().isOpen());
    order("cake");

    until(() -> others.size() == 2);
    assertThat(items).containsExactly("tea");
  }
}
