package dev.ssekit.android;

import static dev.ssekit.android.Phone.sdkThreads;
import static dev.ssekit.android.Phone.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.client.AckPolicy;
import dev.ssekit.client.SseConfig;
import java.time.Duration;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.annotation.Config;

/** The stream follows the default network: a real hub on loopback, the real SDK, Robolectric's framework. */
@RunWith(RobolectricTestRunner.class)
@Config(sdk = 34)
public class NetworkAwarenessTest {

  /** What "at once" means here: far below the 90 s watchdog and the 30 s backoff, with room for a busy machine. */
  private static final Duration AT_ONCE = Duration.ofSeconds(5);

  private Hubs hub;
  private Phone phone;
  private final Recorder recorder = new Recorder();
  private AndroidSseStream stream;

  @Before
  public void setUp() {
    hub = new Hubs();
    phone = new Phone();
  }

  @After
  public void tearDown() {
    if (stream != null) {
      stream.close();
      until(() -> sdkThreads().isEmpty());
    }
    hub.close();
  }

  private AndroidSseStream stream() {
    stream = AndroidSseStream.builder(phone.app, hub.url())
        .config(SseConfig.builder().token("t").ackPolicy(AckPolicy.disabled()).build())
        .listener(recorder)
        .stateListener(recorder)
        .build();
    return stream;
  }

  @Test
  public void aDefaultNetworkSwitchReconnectsAtOnceOnTheNewNetworkAndLosesNothing() throws Exception {
    stream().start();
    until(() -> stream.state().isOpen() && hub.streams() == 1);
    List<String> before = hub.broadcast("before 1", "before 2");
    until(() -> recorder.events.size() == 2);

    hub.stallStreams(); // the old connection goes silent, as one on a network that is gone
    List<String> missed = hub.broadcast("missed 1", "missed 2", "missed 3");
    int connectsBefore = hub.connects.get();
    phone.switchTo(Phone.WIFI);

    // Well within the SDK's 90 s watchdog: only the switch can have caused this reconnect.
    Phone.within(AT_ONCE, () -> recorder.events.size() == 5);
    assertThat(recorder.ids()).containsExactly(before.get(0), before.get(1), missed.get(0), missed.get(1),
        missed.get(2));
    assertThat(hub.connects.get()).isEqualTo(connectsBefore + 1);
    List<String> after = hub.broadcast("after");
    until(() -> recorder.events.size() == 6);
    assertThat(recorder.ids().get(5)).isEqualTo(after.get(0));
  }

  @Test
  public void aSwitchDuringTheBackoffWaitConnectsAtOnceOnTheNewNetwork() throws Exception {
    stream().start();
    until(() -> stream.state().isOpen());
    List<String> seen = hub.broadcast("seen");
    until(() -> recorder.events.size() == 1);
    hub.rejectNextConnects(1, 30); // the next connect is refused: the SDK waits at least 30 s before the one after
    hub.disconnectStreams();
    until(() -> stream.state().kind() == StreamState.Kind.RECONNECTING
        && stream.state().connection().delayMillis() >= 30_000);
    List<String> missed = hub.broadcast("during the wait");
    int connects = hub.connects.get();

    phone.switchTo(Phone.WIFI);

    Phone.within(AT_ONCE, () -> recorder.events.size() == 2);
    assertThat(recorder.ids()).containsExactly(seen.get(0), missed.get(0));
    assertThat(hub.connects.get()).isEqualTo(connects + 1);
    assertThat(stream.state().kind()).isEqualTo(StreamState.Kind.OPEN);
  }

  @Test
  public void withoutAValidatedNetworkTheStreamWaitsAndMakesNoConnectionAttempt() {
    phone.startWithoutNetwork();
    stream().start();
    Phone.advance(Duration.ofMinutes(10)); // runs whatever the stream scheduled on the main looper

    assertThat(stream.state().kind()).isEqualTo(StreamState.Kind.WAITING_FOR_NETWORK);
    assertThat(sdkThreads()).as("no client, so nothing that could connect").isEmpty();
    assertThat(hub.connects.get()).isZero();
    assertThat(recorder.kinds()).containsExactly(StreamState.Kind.WAITING_FOR_NETWORK);
  }

  @Test
  public void losingTheNetworkClosesTheConnectionAndStopsTrying() {
    stream().start();
    until(() -> stream.state().isOpen() && hub.streams() == 1);

    phone.lose(Phone.MOBILE);

    assertThat(stream.state().kind()).isEqualTo(StreamState.Kind.WAITING_FOR_NETWORK);
    until(() -> sdkThreads().isEmpty() && hub.streams() == 0);
    Phone.advance(Duration.ofMinutes(10));
    assertThat(sdkThreads()).as("no client, so nothing that could connect").isEmpty();
    assertThat(hub.connects.get()).isEqualTo(1);
    assertThat(stream.state().kind()).isEqualTo(StreamState.Kind.WAITING_FOR_NETWORK);
    assertThat(recorder.connectionStates).noneMatch(s -> s.isClosed()); // a pause is not the app's CLOSED
  }

  @Test
  public void aNetworkThatIsNotValidatedCountsAsNoNetwork() {
    stream().start();
    until(() -> stream.state().isOpen());

    android.net.NetworkCapabilities portal = org.robolectric.shadows.ShadowNetworkCapabilities.newInstance();
    org.robolectric.Shadows.shadowOf(portal).addCapability(android.net.NetworkCapabilities.NET_CAPABILITY_INTERNET);
    for (android.net.ConnectivityManager.NetworkCallback c : phone.callbacks()) {
      c.onCapabilitiesChanged(Phone.MOBILE, portal); // a captive portal, say: no longer validated
    }

    assertThat(stream.state().kind()).isEqualTo(StreamState.Kind.WAITING_FOR_NETWORK);
    until(() -> sdkThreads().isEmpty());
  }

  @Test
  public void whenTheNetworkReturnsTheStreamConnectsAtOnceSkippingTheBackoffWait() throws Exception {
    stream().start();
    until(() -> stream.state().isOpen());
    List<String> seen = hub.broadcast("seen");
    until(() -> recorder.events.size() == 1);
    hub.rejectNextConnects(1, 30); // the next connect is refused: the SDK waits at least 30 s before the one after
    hub.disconnectStreams();
    until(() -> stream.state().kind() == StreamState.Kind.RECONNECTING
        && stream.state().connection().delayMillis() >= 30_000);
    assertThat(stream.state().connection().delayMillis()).isGreaterThanOrEqualTo(30_000);
    phone.lose(Phone.MOBILE);
    until(() -> sdkThreads().isEmpty());
    List<String> missed = hub.broadcast("while offline");

    int connects = hub.connects.get();
    long returned = System.nanoTime();
    phone.switchTo(Phone.WIFI);
    Phone.within(AT_ONCE, () -> recorder.events.size() == 2); // not the 30 s the refused connect asked for
    long millis = (System.nanoTime() - returned) / 1_000_000;

    assertThat(recorder.ids()).containsExactly(seen.get(0), missed.get(0));
    assertThat(hub.connects.get()).isEqualTo(connects + 1);
    assertThat(stream.state().kind()).isEqualTo(StreamState.Kind.OPEN);
    System.out.println("network back -> first missed event: " + millis + " ms (the SDK's backoff wait: 30 s)");
  }
}
