package dev.ssekit.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.robolectric.Shadows.shadowOf;

import android.content.Context;
import android.content.SharedPreferences;
import android.os.Looper;
import dev.ssekit.server.HubConfig;
import dev.ssekit.server.Message;
import dev.ssekit.server.SseTestServer;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Robolectric;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.RuntimeEnvironment;
import org.robolectric.android.controller.ActivityController;
import org.robolectric.annotation.Config;

/** The sample app against a real hub on loopback, under Robolectric. */
@RunWith(RobolectricTestRunner.class)
@Config(sdk = 34)
public class MainActivityTest {

  private SseTestServer hub;
  private final List<ActivityController<MainActivity>> launched = new ArrayList<>();

  private ActivityController<MainActivity> launch() {
    ActivityController<MainActivity> controller = Robolectric.buildActivity(MainActivity.class).setup();
    launched.add(controller);
    return controller;
  }

  @Before
  public void startHub() {
    hub = SseTestServer.start(HubConfig.builder().adminToken("adm").heartbeatInterval(Duration.ofMillis(200)).build());
    prefs().edit()
        .putString(MainActivity.URL, hub.url() + "/v1/sse")
        .putString(MainActivity.TOKEN, "")
        .putBoolean(MainActivity.WANTS_STREAM, true)
        .commit();
  }

  @After
  public void stopActivitiesAndHub() {
    for (ActivityController<MainActivity> c : launched) {
      if (!c.get().isDestroyed()) {
        c.pause().stop().destroy();
      }
    }
    hub.close();
  }

  private static SharedPreferences prefs() {
    return RuntimeEnvironment.getApplication().getSharedPreferences(MainActivity.PREFS, Context.MODE_PRIVATE);
  }

  /** Runs the main looper until the condition holds: callbacks reach the activity through it. */
  private static void until(Callable<Boolean> condition) {
    await().atMost(Duration.ofSeconds(15)).pollInSameThread().pollInterval(Duration.ofMillis(10)).until(() -> {
      shadowOf(Looper.getMainLooper()).idleFor(Duration.ofMillis(50)); // runs due and delayed main-thread tasks
      return condition.call();
    });
  }

  private static List<String> sdkThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(n -> n.startsWith("ssekit-sse-")).collect(Collectors.toList());
  }

  private void admin(String path, String json) throws Exception {
    HttpURLConnection c = (HttpURLConnection) new URL(hub.url() + path).openConnection();
    c.setRequestMethod("POST");
    c.setDoOutput(true);
    c.setRequestProperty("Authorization", "Bearer adm");
    c.setRequestProperty("Content-Type", "application/json");
    try (OutputStream out = c.getOutputStream()) {
      out.write(json.getBytes(StandardCharsets.UTF_8));
    }
    assertThat(c.getResponseCode()).isEqualTo(200);
    c.disconnect();
  }

  private static List<String> lines(List<String> ids, String... data) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      out.add(ids.get(i) + ": " + data[i]);
    }
    return out;
  }

  @Test
  public void eventsAppearInTheListInOrder() {
    ActivityController<MainActivity> controller = launch();
    MainActivity activity = controller.get();
    until(() -> activity.stateLine().equals("open"));
    List<String> ids = new ArrayList<>();
    ids.add(hub.hub().broadcast(Message.of("one")));
    ids.add(hub.hub().broadcast(Message.of("two")));
    ids.add(hub.hub().broadcast(Message.of("three")));
    until(() -> activity.eventLines().size() == 3);
    assertThat(activity.eventLines()).containsExactlyElementsOf(lines(ids, "one", "two", "three"));
    until(() -> activity.ackLine().equals("last acked: " + ids.get(2)));
    controller.pause().stop().destroy();
  }

  @Test
  public void theStateFollowsAHubSideDisconnectAndTheReconnect() throws Exception {
    ActivityController<MainActivity> controller = launch();
    MainActivity activity = controller.get();
    until(() -> activity.stateLine().equals("open"));
    admin("/v1/admin/faults", "{\"type\":\"reject\",\"count\":1,\"status\":503,\"retry_after\":2}");
    admin("/v1/admin/faults", "{\"type\":\"disconnect\"}");
    until(() -> activity.stateLine().matches("reconnecting in [2-9] s"));
    until(() -> activity.stateLine().equals("open"));
    String id = hub.hub().broadcast(Message.of("after"));
    until(() -> activity.eventLines().contains(id + ": after"));
    controller.pause().stop().destroy();
  }

  @Test
  public void aRecreatedActivityResumesFromTheStoredIdAndGetsOnlyTheMissedEvents() {
    ActivityController<MainActivity> first = launch();
    MainActivity before = first.get();
    until(() -> before.stateLine().equals("open"));
    String seen1 = hub.hub().broadcast(Message.of("seen 1"));
    String seen2 = hub.hub().broadcast(Message.of("seen 2"));
    until(() -> before.eventLines().size() == 2);
    until(() -> seen2.equals(prefs().getString(PreferencesLastEventIdStore.LAST_EVENT_ID, null)));
    first.pause().stop().destroy();

    List<String> missed = new ArrayList<>();
    missed.add(hub.hub().broadcast(Message.of("missed 1")));
    missed.add(hub.hub().broadcast(Message.of("missed 2")));
    missed.add(hub.hub().broadcast(Message.of("missed 3")));

    ActivityController<MainActivity> second = launch();
    MainActivity after = second.get();
    until(() -> after.eventLines().size() >= 3);
    assertThat(after.eventLines()).containsExactlyElementsOf(lines(missed, "missed 1", "missed 2", "missed 3"));
    assertThat(seen1).isNotNull();
    second.pause().stop().destroy();
  }

  @Test
  public void onStopLeavesNoSdkThreadRunning() {
    ActivityController<MainActivity> controller = launch();
    MainActivity activity = controller.get();
    until(() -> activity.stateLine().equals("open"));
    assertThat(sdkThreads()).isNotEmpty();
    controller.pause().stop();
    assertThat(activity.stateLine()).isEqualTo("closed");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(sdkThreads()).isEmpty());
    controller.destroy();
  }
}
