package dev.ssekit.android;

import static dev.ssekit.android.Phone.advance;
import static dev.ssekit.android.Phone.sdkThreads;
import static dev.ssekit.android.Phone.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.robolectric.Shadows.shadowOf;

import android.app.Activity;
import android.content.Context;
import android.content.Intent;
import android.os.PowerManager;
import dev.ssekit.client.AckPolicy;
import dev.ssekit.client.SseConfig;
import java.time.Duration;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Robolectric;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.android.controller.ActivityController;
import org.robolectric.annotation.Config;

/** Doze and battery saver: no connection and no attempts while the device is idle. */
@RunWith(RobolectricTestRunner.class)
@Config(sdk = 34)
public class PowerTest {

  private Hubs hub;
  private Phone phone;
  private PowerManager power;
  private final Recorder recorder = new Recorder();
  private AndroidSseStream stream;

  @Before
  public void setUp() {
    hub = new Hubs();
    phone = new Phone();
    power = (PowerManager) phone.app.getSystemService(Context.POWER_SERVICE);
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
        .backgroundGracePeriod(Duration.ofMinutes(5))
        .build();
    return stream;
  }

  @Test
  public void inDozeTheStreamHoldsNoConnectionAndLeavingItConnectsAtOnceWithTheMissedEvents() {
    stream().start();
    until(() -> stream.state().isOpen());
    List<String> seen = hub.broadcast("seen");
    until(() -> recorder.events.size() == 1);

    shadowOf(power).setIsDeviceIdleMode(true); // the system's broadcast goes out with it
    until(() -> stream.state().kind() == StreamState.Kind.DEVICE_IDLE);
    until(() -> sdkThreads().isEmpty() && hub.streams() == 0);
    int connects = hub.connects.get();
    List<String> missed = hub.broadcast("while idle");
    advance(Duration.ofMinutes(30)); // a long idle: whatever the stream scheduled runs, and connects nothing
    assertThat(sdkThreads()).isEmpty();
    assertThat(hub.connects.get()).isEqualTo(connects);
    assertThat(stream.state().kind()).isEqualTo(StreamState.Kind.DEVICE_IDLE);

    shadowOf(power).setIsDeviceIdleMode(false);
    until(() -> recorder.events.size() == 2);
    assertThat(recorder.ids()).containsExactly(seen.get(0), missed.get(0));
    assertThat(hub.connects.get()).isEqualTo(connects + 1);
  }

  @Test
  public void aStreamStartedInDozeMakesNoConnectionAttempt() {
    shadowOf(power).setIsDeviceIdleMode(true);
    stream().start();
    advance(Duration.ofMinutes(30));

    assertThat(stream.state().kind()).isEqualTo(StreamState.Kind.DEVICE_IDLE);
    assertThat(sdkThreads()).isEmpty();
    assertThat(hub.connects.get()).isZero();
  }

  @Test
  public void inBatterySaverGoingToTheBackgroundDisconnectsWithoutGracePeriod() {
    stream().start();
    ActivityController<Activity> screen = Robolectric.buildActivity(Activity.class).setup();
    until(() -> stream.state().isOpen());
    shadowOf(power).setIsPowerSaveMode(true);
    phone.app.sendBroadcast(new Intent(PowerManager.ACTION_POWER_SAVE_MODE_CHANGED)); // as the system does
    until(() -> true);
    assertThat(stream.state().kind()).as("visible: battery saver alone changes nothing").isEqualTo(StreamState.Kind.OPEN);

    screen.pause().stop();
    until(() -> stream.state().kind() == StreamState.Kind.PAUSED_IN_BACKGROUND);
    until(() -> sdkThreads().isEmpty());

    screen.restart().resume();
    until(() -> stream.state().isOpen());
  }

  @Test
  public void aStreamKeptInTheBackgroundStaysConnectedInBatterySaver() {
    stream = AndroidSseStream.builder(phone.app, hub.url())
        .config(SseConfig.builder().token("t").ackPolicy(AckPolicy.disabled()).build())
        .listener(recorder).stateListener(recorder)
        .keepConnectedInBackground(true)
        .build();
    stream.start();
    ActivityController<Activity> screen = Robolectric.buildActivity(Activity.class).setup();
    until(() -> stream.state().isOpen());
    shadowOf(power).setIsPowerSaveMode(true);
    phone.app.sendBroadcast(new Intent(PowerManager.ACTION_POWER_SAVE_MODE_CHANGED));

    screen.pause().stop();
    advance(Duration.ofMinutes(10));

    assertThat(stream.state().kind()).isEqualTo(StreamState.Kind.OPEN);
    List<String> ids = hub.broadcast("in the background");
    until(() -> recorder.ids().equals(ids));
  }

  @Test
  public void batterySaverTurnedOnDuringTheGracePeriodEndsItAtOnce() {
    stream().start();
    ActivityController<Activity> screen = Robolectric.buildActivity(Activity.class).setup();
    until(() -> stream.state().isOpen());
    screen.pause().stop();
    advance(Duration.ofSeconds(1));
    assertThat(stream.state().kind()).isEqualTo(StreamState.Kind.OPEN);

    shadowOf(power).setIsPowerSaveMode(true);
    phone.app.sendBroadcast(new Intent(PowerManager.ACTION_POWER_SAVE_MODE_CHANGED));

    until(() -> stream.state().kind() == StreamState.Kind.PAUSED_IN_BACKGROUND);
  }
}
