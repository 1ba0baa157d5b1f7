package dev.ssekit.android;

import static dev.ssekit.android.Phone.advance;
import static dev.ssekit.android.Phone.sdkThreads;
import static dev.ssekit.android.Phone.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.robolectric.Shadows.shadowOf;

import android.app.Activity;
import android.app.ActivityManager;
import android.content.Context;
import dev.ssekit.client.AckPolicy;
import dev.ssekit.client.SseConfig;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Robolectric;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.android.controller.ActivityController;
import org.robolectric.annotation.Config;

/** The stream follows the whole process's activities: connected while one is started, plus a grace period. */
@RunWith(RobolectricTestRunner.class)
@Config(sdk = 34)
public class LifecycleTest {

  private static final Duration GRACE = Duration.ofSeconds(10);

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

  private AndroidSseStream stream(boolean keepInBackground) {
    stream = AndroidSseStream.builder(phone.app, hub.url())
        .config(SseConfig.builder().token("t").ackPolicy(AckPolicy.disabled()).build())
        .listener(recorder)
        .stateListener(recorder)
        .backgroundGracePeriod(GRACE)
        .keepConnectedInBackground(keepInBackground)
        .build();
    return stream;
  }

  /** The app's first screen, started after the stream (as when the stream starts in Application.onCreate). */
  private ActivityController<Activity> openStreamThenScreen(boolean keepInBackground) {
    stream(keepInBackground).start();
    ActivityController<Activity> screen = Robolectric.buildActivity(Activity.class).setup();
    until(() -> stream.state().isOpen() && hub.streams() == 1);
    return screen;
  }

  @Test
  public void backgroundPastTheGracePeriodClosesTheStreamAndLeavesNoSdkThread() {
    ActivityController<Activity> screen = openStreamThenScreen(false);

    screen.pause().stop();
    advance(GRACE.minusMillis(1));
    assertThat(stream.state().kind()).isEqualTo(StreamState.Kind.OPEN);
    advance(Duration.ofMillis(1));

    assertThat(stream.state().kind()).isEqualTo(StreamState.Kind.PAUSED_IN_BACKGROUND);
    until(() -> sdkThreads().isEmpty() && hub.streams() == 0);
    Phone.drain(); // the paused connection's last callbacks, CLOSED among them
    assertThat(recorder.connectionStates).noneMatch(s -> s.isClosed());
  }

  @Test
  public void aTripToTheBackgroundShorterThanTheGracePeriodKeepsTheSameConnection() {
    ActivityController<Activity> screen = openStreamThenScreen(false);

    screen.pause().stop();
    advance(GRACE.dividedBy(2));
    screen.restart().resume();
    advance(GRACE.multipliedBy(2));

    assertThat(stream.state().kind()).isEqualTo(StreamState.Kind.OPEN);
    assertThat(recorder.kinds()).doesNotContain(StreamState.Kind.PAUSED_IN_BACKGROUND);
    assertThat(hub.connects.get()).isEqualTo(1);
    List<String> ids = hub.broadcast("still here");
    until(() -> recorder.ids().equals(ids));
  }

  @Test
  public void returningToTheForegroundResumesWithExactlyTheMissedEvents() {
    ActivityController<Activity> screen = openStreamThenScreen(false);
    List<String> seen = hub.broadcast("seen 1", "seen 2");
    until(() -> recorder.events.size() == 2);
    screen.pause().stop();
    advance(GRACE);
    until(() -> sdkThreads().isEmpty() && hub.streams() == 0);

    List<String> missed = hub.broadcast("missed 1", "missed 2", "missed 3");
    screen.restart().resume();

    until(() -> recorder.events.size() >= 5 && stream.state().isOpen());
    List<String> live = hub.broadcast("live"); // anything else (a duplicate, a late replay) would come before it
    until(() -> recorder.events.size() >= 6);
    assertThat(recorder.ids()).containsExactly(seen.get(0), seen.get(1), missed.get(0), missed.get(1),
        missed.get(2), live.get(0));
    assertThat(recorder.kinds()).containsSubsequence(StreamState.Kind.OPEN, StreamState.Kind.PAUSED_IN_BACKGROUND,
        StreamState.Kind.CONNECTING, StreamState.Kind.OPEN);
  }

  @Test
  public void aRotationIsNotATripToTheBackgroundEvenWithoutGracePeriod() {
    stream = AndroidSseStream.builder(phone.app, hub.url())
        .config(SseConfig.builder().token("t").ackPolicy(AckPolicy.disabled()).build())
        .listener(recorder).stateListener(recorder)
        .backgroundGracePeriod(Duration.ZERO)
        .build();
    stream.start();
    ActivityController<Activity> screen = Robolectric.buildActivity(Activity.class).setup();
    until(() -> stream.state().isOpen());

    android.content.res.Configuration landscape = new android.content.res.Configuration(
        phone.app.getResources().getConfiguration());
    landscape.orientation = android.content.res.Configuration.ORIENTATION_LANDSCAPE;
    screen.configurationChange(landscape);
    until(() -> true);

    assertThat(recorder.kinds()).doesNotContain(StreamState.Kind.PAUSED_IN_BACKGROUND);
    assertThat(hub.connects.get()).isEqualTo(1);
    ActivityController<Activity> rotated = screen; // the controller now drives the recreated activity
    rotated.pause().stop();
    until(() -> stream.state().kind() == StreamState.Kind.PAUSED_IN_BACKGROUND);
  }

  @Test
  public void aStreamKeptInTheBackgroundIsNeverPaused() {
    ActivityController<Activity> screen = openStreamThenScreen(true);

    screen.pause().stop();
    advance(GRACE.multipliedBy(10));

    assertThat(stream.state().kind()).isEqualTo(StreamState.Kind.OPEN);
    List<String> ids = hub.broadcast("in the background");
    until(() -> recorder.ids().equals(ids));
    assertThat(hub.connects.get()).isEqualTo(1);
  }

  @Test
  public void anyStartedActivityKeepsTheAppInTheForeground() {
    ActivityController<Activity> first = openStreamThenScreen(false);
    ActivityController<Activity> second = Robolectric.buildActivity(Activity.class).setup();
    first.pause().stop(); // the second screen covers the first

    advance(GRACE.multipliedBy(2));
    assertThat(stream.state().kind()).isEqualTo(StreamState.Kind.OPEN);

    second.pause().stop();
    advance(GRACE);
    assertThat(stream.state().kind()).isEqualTo(StreamState.Kind.PAUSED_IN_BACKGROUND);
  }

  @Test
  public void aStreamStartedFromAVisibleActivityCountsItAsStarted() {
    ActivityController<Activity> screen = Robolectric.buildActivity(Activity.class).setup(); // before the stream
    stream(false).start();
    until(() -> stream.state().isOpen());

    advance(GRACE.multipliedBy(2));
    assertThat(stream.state().kind()).isEqualTo(StreamState.Kind.OPEN);

    screen.pause().stop();
    advance(GRACE);
    assertThat(stream.state().kind()).isEqualTo(StreamState.Kind.PAUSED_IN_BACKGROUND);
  }

  @Test
  public void aStreamStartedWithNoVisibleActivityPausesAfterTheGracePeriodUnlessOneStarts() {
    ActivityManager am = (ActivityManager) phone.app.getSystemService(Context.ACTIVITY_SERVICE);
    ActivityManager.RunningAppProcessInfo cached = new ActivityManager.RunningAppProcessInfo();
    cached.pid = android.os.Process.myPid();
    cached.importance = ActivityManager.RunningAppProcessInfo.IMPORTANCE_CACHED;
    shadowOf(am).setProcesses(Collections.singletonList(cached));

    stream(false).start();
    until(() -> stream.state().isOpen());
    advance(GRACE);
    assertThat(stream.state().kind()).isEqualTo(StreamState.Kind.PAUSED_IN_BACKGROUND);
    until(() -> sdkThreads().isEmpty());

    Robolectric.buildActivity(Activity.class).setup();
    until(() -> stream.state().isOpen());
  }
}
