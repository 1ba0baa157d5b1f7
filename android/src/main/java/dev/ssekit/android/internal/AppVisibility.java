package dev.ssekit.android.internal;

import android.app.Activity;
import android.app.ActivityManager;
import android.app.Application;
import android.os.Bundle;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Whether any activity of the process is started, from the application's activity lifecycle callbacks. An
 * activity started before {@link #start()} is not seen; until the first lifecycle callback, the process's
 * importance stands in for it (foreground or visible counts as started). An activity stopped to be recreated
 * (a configuration change, such as a rotation) still counts until the next one starts. Main thread only.
 */
public final class AppVisibility implements Application.ActivityLifecycleCallbacks {

  private final Application app;
  private final Runnable changed;

  // Main thread.
  private final Set<Activity> started = Collections.newSetFromMap(new IdentityHashMap<Activity, Boolean>());
  private boolean visibleBeforeFirstCallback;
  private boolean recreating; // an activity stopped to be recreated (rotation, say): its new instance starts next
  private boolean watching;

  /** {@code changed} runs on the main thread after each lifecycle callback that may change {@link #visible()}. */
  public AppVisibility(Application app, Runnable changed) {
    this.app = app;
    this.changed = changed;
  }

  /** Starts following the activities. */
  public void start() {
    ActivityManager.RunningAppProcessInfo info = new ActivityManager.RunningAppProcessInfo();
    ActivityManager.getMyMemoryState(info);
    visibleBeforeFirstCallback = info.importance == ActivityManager.RunningAppProcessInfo.IMPORTANCE_FOREGROUND
        || info.importance == ActivityManager.RunningAppProcessInfo.IMPORTANCE_VISIBLE;
    watching = true;
    app.registerActivityLifecycleCallbacks(this);
  }

  /** Stops following; no call to {@code changed} after this. */
  public void stop() {
    if (watching) {
      watching = false;
      app.unregisterActivityLifecycleCallbacks(this);
      started.clear();
      recreating = false;
    }
  }

  /** Whether an activity is started (between its {@code onStart} and {@code onStop}). */
  public boolean visible() {
    return visibleBeforeFirstCallback || recreating || !started.isEmpty();
  }

  @Override
  public void onActivityStarted(Activity activity) {
    visibleBeforeFirstCallback = false;
    recreating = false;
    started.add(activity);
    notifyChanged();
  }

  @Override
  public void onActivityStopped(Activity activity) {
    visibleBeforeFirstCallback = false;
    if (activity.isChangingConfigurations()) {
      recreating = true;
    }
    started.remove(activity);
    notifyChanged();
  }

  @Override
  public void onActivityDestroyed(Activity activity) {
    if (started.remove(activity)) {
      notifyChanged();
    }
  }

  @Override
  public void onActivityCreated(Activity activity, Bundle savedInstanceState) {}

  @Override
  public void onActivityResumed(Activity activity) {}

  @Override
  public void onActivityPaused(Activity activity) {}

  @Override
  public void onActivitySaveInstanceState(Activity activity, Bundle outState) {}

  private void notifyChanged() {
    if (watching) {
      changed.run();
    }
  }
}
