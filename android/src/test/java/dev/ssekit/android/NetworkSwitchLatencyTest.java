package dev.ssekit.android;

import static dev.ssekit.android.Phone.sdkThreads;
import static dev.ssekit.android.Phone.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.client.AckPolicy;
import dev.ssekit.client.SseClient;
import dev.ssekit.client.SseConfig;
import java.time.Duration;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.annotation.Config;

/**
 * Reports (does not assert) how long after a simulated network switch the first missed event arrives: with the
 * module, and with a plain {@link SseClient}, which learns of the dead connection only from its heartbeat watchdog.
 * The old connection is simulated by the hub's stall fault: it stays open and sends nothing, not even heartbeats.
 * The watchdog is 2 s here so the run stays short; the SDK's default is 90 s.
 */
@RunWith(RobolectricTestRunner.class)
@Config(sdk = 34)
public class NetworkSwitchLatencyTest {

  private static final Duration WATCHDOG = Duration.ofSeconds(2);

  private Hubs hub;
  private Phone phone;

  @Before
  public void setUp() {
    hub = new Hubs();
    phone = new Phone();
  }

  @After
  public void tearDown() {
    until(() -> sdkThreads().isEmpty());
    hub.close();
  }

  private SseConfig config() {
    return SseConfig.builder().token("t").ackPolicy(AckPolicy.disabled()).readTimeout(WATCHDOG)
        .callbackExecutor(MainThreadExecutor.create()).build();
  }

  /** Milliseconds from the switch to the first missed event. */
  private long switchAndMeasure(Recorder recorder) throws Exception {
    hub.stallStreams();
    List<String> missed = hub.broadcast("missed");
    long switched = System.nanoTime();
    phone.switchTo(Phone.WIFI);
    until(() -> recorder.events.size() == 2);
    long millis = (System.nanoTime() - switched) / 1_000_000;
    assertThat(recorder.ids().get(1)).isEqualTo(missed.get(0));
    return millis;
  }

  @Test
  public void reportsTheTimeFromANetworkSwitchToTheFirstMissedEventWithAndWithoutTheModule() throws Exception {
    Recorder withModule = new Recorder();
    AndroidSseStream stream = AndroidSseStream.builder(phone.app, hub.url()).config(config())
        .listener(withModule).build();
    stream.start();
    until(() -> stream.state().isOpen());
    hub.broadcast("seen");
    until(() -> withModule.events.size() == 1);
    long module = switchAndMeasure(withModule);
    stream.close();
    until(() -> sdkThreads().isEmpty() && hub.streams() == 0);

    Recorder plain = new Recorder();
    SseClient client = SseClient.builder(hub.url()).config(config()).listener(plain).build();
    client.start();
    until(() -> client.state().isOpen());
    hub.broadcast("seen");
    until(() -> plain.events.size() == 1);
    long watchdog = switchAndMeasure(plain);
    client.close();

    System.out.printf("network switch -> first missed event: %d ms with ssekit-android; %d ms without it "
        + "(heartbeat watchdog %d ms here, 90000 ms by default)%n", module, watchdog, WATCHDOG.toMillis());
  }
}
