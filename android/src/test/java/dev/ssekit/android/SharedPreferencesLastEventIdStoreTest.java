package dev.ssekit.android;

import static dev.ssekit.android.Phone.sdkThreads;
import static dev.ssekit.android.Phone.until;
import static org.assertj.core.api.Assertions.assertThat;

import android.content.Context;
import dev.ssekit.client.AckPolicy;
import dev.ssekit.client.SseConfig;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.annotation.Config;

/** The resume state in SharedPreferences: what a restarted process reads is what reached the file. */
@RunWith(RobolectricTestRunner.class)
@Config(sdk = 34)
public class SharedPreferencesLastEventIdStoreTest {

  private Hubs hub;
  private Phone phone;
  private final java.util.List<AndroidSseStream> streams = new java.util.ArrayList<>();

  @Before
  public void setUp() {
    hub = new Hubs();
    phone = new Phone();
  }

  @After
  public void tearDown() {
    streams.forEach(AndroidSseStream::close);
    until(() -> sdkThreads().isEmpty());
    hub.close();
  }

  private AndroidSseStream stream(SharedPreferencesLastEventIdStore store, Recorder recorder) {
    AndroidSseStream s = AndroidSseStream.builder(phone.app, hub.url())
        .config(SseConfig.builder().token("t").ackPolicy(AckPolicy.disabled()).lastEventIdStore(store).build())
        .listener(recorder)
        .build();
    streams.add(s);
    return s;
  }

  private File prefsFile(String name) {
    return new File(phone.app.getDataDir(), "shared_prefs/" + name + ".xml");
  }

  private static String read(File file) throws Exception {
    return file.exists() ? new String(Files.readAllBytes(file.toPath()), StandardCharsets.UTF_8) : "";
  }

  @Test
  public void aRestartedProcessResumesFromTheStoredIdWithOnlyTheMissedEvents() throws Exception {
    Recorder first = new Recorder();
    AndroidSseStream before = stream(SharedPreferencesLastEventIdStore.of(phone.app, "sse"), first);
    before.start();
    until(() -> before.state().isOpen());
    List<String> seen = hub.broadcast("seen 1", "seen 2");
    until(() -> first.events.size() == 2);
    File file = prefsFile("sse");
    until(() -> read(file).contains(seen.get(1))); // apply() wrote it to the file, in the background

    // The process dies: all a new one has is the file. A copy under another name is read afresh from disk.
    Files.copy(file.toPath(), prefsFile("restarted").toPath());
    before.close();
    List<String> missed = hub.broadcast("missed 1", "missed 2", "missed 3");

    Recorder second = new Recorder();
    AndroidSseStream after = stream(SharedPreferencesLastEventIdStore.of(phone.app, "restarted"), second);
    after.start();
    until(() -> second.events.size() >= 3);
    List<String> live = hub.broadcast("live"); // anything else (a duplicate, a late replay) would come before it
    until(() -> second.events.size() >= 4);
    List<String> expected = new java.util.ArrayList<>(missed);
    expected.addAll(live);
    assertThat(second.ids()).containsExactlyElementsOf(expected);
    assertThat(after.lastEventId()).isEqualTo(live.get(0));
    after.close();
  }

  @Test
  public void aSaveIsVisibleAtOnceAndReachesTheFileAfterwards() throws Exception {
    SharedPreferencesLastEventIdStore store = SharedPreferencesLastEventIdStore.of(phone.app, "direct");

    store.saveLastEventId("42");
    store.saveClientId("c-7");

    assertThat(store.lastEventId()).isEqualTo("42");
    assertThat(store.clientId()).isEqualTo("c-7");
    assertThat(SharedPreferencesLastEventIdStore.of(
        phone.app.getSharedPreferences("direct", Context.MODE_PRIVATE)).lastEventId()).isEqualTo("42");
    until(() -> read(prefsFile("direct")).contains("42") && read(prefsFile("direct")).contains("c-7"));
  }

  @Test
  public void aStoreWithNothingSavedAnswersNull() {
    SharedPreferencesLastEventIdStore store = SharedPreferencesLastEventIdStore.of(phone.app, "empty");

    assertThat(store.lastEventId()).isNull();
    assertThat(store.clientId()).isNull();
  }
}
