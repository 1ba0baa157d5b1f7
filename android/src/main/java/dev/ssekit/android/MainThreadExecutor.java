package dev.ssekit.android;

import android.os.Handler;
import android.os.Looper;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs each task on Android's main thread, in the order given, by posting it to a {@link Handler} on the main
 * looper; {@link #execute} never runs a task inline, even when called on the main thread. Pass it as
 * {@code SseConfig.Builder.callbackExecutor} to get the SDK's callbacks on the main thread;
 * {@link AndroidSseStream} uses one when its config names no executor. Thread-safe; owns no thread.
 */
public final class MainThreadExecutor implements Executor {

  private final Handler main;

  private MainThreadExecutor() {
    this.main = new Handler(Looper.getMainLooper());
  }

  /** A new executor on the main looper. Any thread. */
  public static MainThreadExecutor create() {
    return new MainThreadExecutor();
  }

  /** Queues {@code task} to run on the main thread. Any thread. */
  @Override
  public void execute(Runnable task) {
    if (task == null) {
      throw new IllegalArgumentException("task == null");
    }
    if (!main.post(task)) {
      throw new RejectedExecutionException("the main looper is quitting");
    }
  }
}
