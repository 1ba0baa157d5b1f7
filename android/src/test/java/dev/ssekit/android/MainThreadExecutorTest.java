package dev.ssekit.android;

import static org.assertj.core.api.Assertions.assertThat;
import static org.robolectric.Shadows.shadowOf;

import android.os.Looper;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.annotation.Config;

@RunWith(RobolectricTestRunner.class)
@Config(sdk = 34)
public class MainThreadExecutorTest {

  @Test
  public void tasksRunOnTheMainThreadInOrderAndNeverInline() {
    MainThreadExecutor executor = MainThreadExecutor.create();
    List<Integer> ran = new ArrayList<>();

    executor.execute(() -> ran.add(1));
    executor.execute(() -> ran.add(2));
    assertThat(ran).as("queued, not run inside execute()").isEmpty();
    shadowOf(Looper.getMainLooper()).idle();

    assertThat(ran).containsExactly(1, 2);
  }

  @Test
  public void aTaskFromAnotherThreadRunsOnTheMainThread() throws Exception {
    MainThreadExecutor executor = MainThreadExecutor.create();
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    Thread other = new Thread(() -> executor.execute(() -> ranOn.set(Thread.currentThread())));
    other.start();
    other.join(10_000);

    Phone.until(() -> ranOn.get() != null);
    assertThat(ranOn.get()).isSameAs(Looper.getMainLooper().getThread());
  }
}
