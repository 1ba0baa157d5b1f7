package dev.ssekit.android;

import static dev.ssekit.android.Phone.sdkThreads;
import static dev.ssekit.android.Phone.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.robolectric.Shadows.shadowOf;

import android.Manifest;
import android.os.Looper;
import android.os.PowerManager;
import dev.ssekit.client.CloseReason;
import dev.ssekit.client.ConnectionState;
import dev.ssekit.client.SseConfig;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.annotation.Config;

/** The stream's own contract: building, threads, close, and a connection that ends for good. */
@RunWith(RobolectricTestRunner.class)
@Config(sdk = 34)
public class AndroidSseStreamTest {

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
    }
    until(() -> sdkThreads().isEmpty());
    hub.close();
  }

  private AndroidSseStream stream(String token) {
    stream = AndroidSseStream.builder(phone.app, hub.url())
        .config(SseConfig.builder().token(token).build())
        .listener(recorder)
        .stateListener(recorder)
        .build();
    return stream;
  }

  @Test
  public void buildingWithoutTheNetworkStatePermissionSaysWhatToAdd() {
    shadowOf(phone.app).denyPermissions(Manifest.permission.ACCESS_NETWORK_STATE);

    assertThatThrownBy(() -> stream("t")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("android.permission.ACCESS_NETWORK_STATE");
  }

  @Test
  public void theBuilderChecksItsArguments() {
    assertThatThrownBy(() -> AndroidSseStream.builder(phone.app, "not a url"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AndroidSseStream.builder(phone.app, hub.url()).backgroundGracePeriod(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backgroundGracePeriod");
    assertThatThrownBy(() -> AndroidSseStream.builder(phone.app, hub.url()).config(null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("config == null");
  }

  @Test
  public void callbacksAndStateChangesRunOnTheMainThreadByDefault() {
    stream("t");
    assertThat(stream.state().kind()).isEqualTo(StreamState.Kind.NEW);
    stream.start();
    until(() -> stream.state().isOpen());
    hub.broadcast("one");
    until(() -> recorder.events.size() == 1);

    assertThat(recorder.onMainThread).isNotEmpty().containsOnly(true);
    assertThat(recorder.kinds()).containsExactly(StreamState.Kind.CONNECTING, StreamState.Kind.OPEN);
    stream.close();
  }

  @Test
  public void callbacksRunOnTheConfiguredExecutorWhenTheConfigNamesOne() {
    stream = AndroidSseStream.builder(phone.app, hub.url())
        .config(SseConfig.builder().token("t").callbackExecutor(Runnable::run).build()) // the SDK's own threads
        .listener(recorder)
        .build();
    stream.start();
    until(() -> stream.state().isOpen());
    hub.broadcast("one");
    until(() -> recorder.events.size() == 1);

    assertThat(recorder.onMainThread).isNotEmpty().containsOnly(false);
  }

  @Test
  public void aDefaultNetworkSwitchEvictsTheIdleConnectionsOfTheAppsOkHttpClient() throws Exception {
    OkHttpClient http = new OkHttpClient();
    stream = AndroidSseStream.builder(phone.app, hub.url())
        .config(SseConfig.builder().token("t").build()).okHttpClient(http).listener(recorder).build();
    stream.start();
    until(() -> stream.state().isOpen());
    try (Response r = http.newCall(new Request.Builder().url(hub.server.url() + "/healthz").build()).execute()) {
      r.body().string();
    }
    assertThat(http.connectionPool().idleConnectionCount()).isPositive();

    phone.switchTo(Phone.WIFI);

    assertThat(http.connectionPool().idleConnectionCount()).isZero();
    stream.close();
    until(() -> sdkThreads().isEmpty());
    http.connectionPool().evictAll();
    http.dispatcher().executorService().shutdown();
  }

  @Test
  public void startFromAnotherThreadTakesEffectOnTheMainThread() throws Exception {
    stream("t");
    Thread other = new Thread(stream::start);
    other.start();
    other.join(10_000);

    until(() -> stream.state().isOpen());
    assertThat(recorder.onMainThread).containsOnly(true);
  }

  @Test
  public void startingTwiceFails() {
    stream("t");
    stream.start();

    assertThatThrownBy(stream::start).isInstanceOf(IllegalStateException.class);
    stream.close();
  }

  @Test
  public void closeStopsForGoodAndLeavesNoThreadCallbackReceiverOrTimer() {
    stream = AndroidSseStream.builder(phone.app, hub.url())
        .config(SseConfig.builder().token("t").build()).listener(recorder).stateListener(recorder)
        .backgroundGracePeriod(Duration.ofMinutes(1)).build();
    stream.start();
    until(() -> stream.state().isOpen());

    stream.close();
    stream.close();

    assertThat(stream.state().kind()).isEqualTo(StreamState.Kind.CLOSED);
    assertThat(stream.state().connection().closeReason()).isEqualTo(CloseReason.CLOSED_BY_CALLER);
    until(() -> sdkThreads().isEmpty() && hub.streams() == 0);
    Phone.drain(); // what the SDK's last thread posted before it ended
    assertThat(phone.callbacks()).isEmpty();
    assertThat(shadowOf(phone.app).getRegisteredReceivers())
        .noneMatch(w -> w.intentFilter.hasAction(PowerManager.ACTION_DEVICE_IDLE_MODE_CHANGED));
    assertThat(shadowOf(Looper.getMainLooper()).getNextScheduledTaskTime()).isEqualTo(Duration.ZERO);
    ConnectionState last = recorder.connectionStates.get(recorder.connectionStates.size() - 1);
    assertThat(last.closeReason()).isEqualTo(CloseReason.CLOSED_BY_CALLER);
    assertThat(recorder.streamStates.get(recorder.streamStates.size() - 1).kind()).isEqualTo(StreamState.Kind.CLOSED);

    phone.switchTo(Phone.WIFI);
    until(() -> true);
    assertThat(hub.connects.get()).as("a closed stream does not reconnect").isEqualTo(1);
  }

  @Test
  public void closeFromAnotherThreadTakesEffectOnTheMainThread() throws Exception {
    stream("t");
    stream.start();
    until(() -> stream.state().isOpen());

    Thread other = new Thread(stream::close);
    other.start();
    other.join(10_000);

    until(() -> stream.state().kind() == StreamState.Kind.CLOSED);
  }

  @Test
  public void aRefusedTokenEndsTheStreamWithTheReasonAndNoFurtherAttempts() {
    stream("revoked");
    stream.start();

    until(() -> stream.state().kind() == StreamState.Kind.CLOSED);
    assertThat(stream.state().connection().closeReason()).isEqualTo(CloseReason.AUTH_FAILED);
    assertThat(phone.callbacks()).isEmpty();
    int attempts = hub.connects.get();

    phone.switchTo(Phone.WIFI);
    until(() -> sdkThreads().isEmpty());
    assertThat(hub.connects.get()).isEqualTo(attempts);
  }
}
