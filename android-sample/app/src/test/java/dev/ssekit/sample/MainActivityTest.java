package dev.ssekit.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.robolectric.Shadows.shadowOf;

import android.Manifest;
import android.content.Context;
import android.net.ConnectivityManager;
import android.net.NetworkCapabilities;
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
import org.robolectric.shadows.ShadowNetworkCapabilities;

/** The sample app against a real hub on loopback, under Robolectric; its stream is SampleApp's. */
@RunWith(RobolectricTestRunner.class)
@Config(sdk = 34, application = SampleApp.class)
public class MainActivityTest {

  private SseTestServer hub;
  private SampleApp app;
  private final List<ActivityController<MainActivity>> launched = new ArrayList<>();

  private ActivityController<MainActivity> launch() {
    ActivityController<MainActivity> controller = Robolectric.buildActivity(MainActivity.class).setup();
    launched.add(controller);
    return controller;
  }

  @Before
  public void startHubAndNetwork() {
    hub = SseTestServer.start(HubConfig.builder().adminToken("adm").heartbeatInterval(Duration.ofMillis(200)).build());
    app = (SampleApp) RuntimeEnvironment.getApplication();
    // What the manifest asks for and a phone has: the permission, and a validated default network.
    shadowOf(app).grantPermissions(Manifest.permission.ACCESS_NETWORK_STATE);
    ConnectivityManager cm = (ConnectivityManager) app.getSystemService(Context.CONNECTIVITY_SERVICE);
    NetworkCapabilities caps = ShadowNetworkCapabilities.newInstance();
    shadowOf(caps).addCapability(NetworkCapabilities.NET_CAPABILITY_INTERNET);
    shadowOf(caps).addCapability(NetworkCapabilities.NET_CAPABILITY_VALIDATED);
    shadowOf(cm).setNetworkCapabilities(cm.getActiveNetwork(), caps);
    app.getPrefs().edit()
        .putString(SampleApp.URL, hub.url() + "/v1/sse")
        .putString(SampleApp.TOKEN, "")
        .commit();
  }

  @After
  public void stopActivitiesAndHub() {
    for (ActivityController<MainActivity> c : launched) {
      if (!c.get().isDestroyed()) {
        c.pause().stop().destroy();
      }
    }
    app.disconnect();
    until(() -> sdkThreads().isEmpty());
    hub.close();
  }

  /** Runs the main looper's due tasks until the condition holds: callbacks reach the screen through it. */
  private static void until(Callable<Boolean> condition) {
    await().atMost(Duration.ofSeconds(15)).pollInSameThread().pollInterval(Duration.ofMillis(10)).until(() -> {
      shadowOf(Looper.getMainLooper()).idle();
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

  private MainActivity connected() {
    MainActivity activity = launch().get();
    activity.toggle(); // the Connect button
    until(() -> activity.stateLine().equals("open"));
    return activity;
  }

  @Test
  public void eventsAppearInTheListInOrder() {
    MainActivity activity = connected();
    List<String> ids = new ArrayList<>();
    ids.add(hub.hub().broadcast(Message.of("one")));
    ids.add(hub.hub().broadcast(Message.of("two")));
    ids.add(hub.hub().broadcast(Message.of("three")));
    until(() -> activity.eventLines().size() == 3);
    assertThat(activity.eventLines()).containsExactlyElementsOf(lines(ids, "one", "two", "three"));
    await().atMost(Duration.ofSeconds(15)).pollInSameThread().until(() -> {
      shadowOf(Looper.getMainLooper()).idleFor(Duration.ofMillis(500)); // the ack line refreshes every 500 ms
      return activity.ackLine().equals("last acked: " + ids.get(2));
    });
  }

  @Test
  public void theStateFollowsAHubSideDisconnectAndTheReconnect() throws Exception {
    MainActivity activity = connected();
    admin("/v1/admin/faults", "{\"type\":\"reject\",\"count\":1,\"status\":503,\"retry_after\":2}");
    admin("/v1/admin/faults", "{\"type\":\"disconnect\"}");
    until(() -> activity.stateLine().matches("reconnecting in [2-9] s"));
    until(() -> activity.stateLine().equals("open"));
    String id = hub.hub().broadcast(Message.of("after"));
    until(() -> activity.eventLines().contains(id + ": after"));
  }

  @Test
  public void leavingTheAppPausesTheStreamAfterTheGracePeriodAndComingBackShowsExactlyTheMissedEvents() {
    ActivityController<MainActivity> controller = launch();
    MainActivity activity = controller.get();
    activity.toggle();
    until(() -> activity.stateLine().equals("open"));
    List<String> seen = new ArrayList<>();
    seen.add(hub.hub().broadcast(Message.of("seen")));
    until(() -> activity.eventLines().size() == 1);

    controller.pause().stop();
    shadowOf(Looper.getMainLooper()).idleFor(Duration.ofSeconds(5)); // the module's default grace period
    until(() -> app.getStateLine().equals("paused in the background") && sdkThreads().isEmpty()
        && hub.hub().getClientCount() == 0);

    List<String> missed = new ArrayList<>();
    missed.add(hub.hub().broadcast(Message.of("missed 1")));
    missed.add(hub.hub().broadcast(Message.of("missed 2")));
    controller.restart().resume();

    until(() -> activity.eventLines().size() >= 3 && activity.stateLine().equals("open"));
    List<String> expected = new ArrayList<>(lines(seen, "seen"));
    expected.addAll(lines(missed, "missed 1", "missed 2"));
    assertThat(activity.eventLines()).containsExactlyElementsOf(expected);
  }

  @Test
  public void aNewScreenShowsTheAppsStreamWithoutOpeningAnother() {
    MainActivity first = connected();
    String id = hub.hub().broadcast(Message.of("one"));
    until(() -> first.eventLines().size() == 1);

    MainActivity second = launch().get();

    until(() -> second.stateLine().equals("open"));
    assertThat(second.eventLines()).containsExactly(id + ": one");
    assertThat(hub.hub().getClientCount()).isEqualTo(1);
  }

  @Test
  public void disconnectLeavesNoSdkThreadRunning() {
    MainActivity activity = connected();
    assertThat(sdkThreads()).isNotEmpty();

    activity.toggle(); // Disconnect

    assertThat(activity.stateLine()).isEqualTo("closed");
    until(() -> sdkThreads().isEmpty() && hub.hub().getClientCount() == 0);
  }
}
