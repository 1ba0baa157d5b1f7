package dev.ssekit.android.internal;

import android.content.BroadcastReceiver;
import android.content.Context;
import android.content.Intent;
import android.content.IntentFilter;
import android.os.Build;
import android.os.Handler;
import android.os.PowerManager;

/**
 * Whether the device is in Doze ({@link PowerManager#isDeviceIdleMode()}) and whether battery saver is on
 * ({@link PowerManager#isPowerSaveMode()}), re-read on the system's broadcasts for either. Main thread only:
 * the receiver is registered with a main-thread {@link Handler}.
 */
public final class PowerWatcher extends BroadcastReceiver {

  private final Context context;
  private final PowerManager power;
  private final Handler main;
  private final Runnable changed;

  // Main thread.
  private boolean deviceIdle;
  private boolean powerSave;
  private boolean watching;

  /** {@code changed} runs on the main thread after each broadcast. */
  public PowerWatcher(Context context, PowerManager power, Handler main, Runnable changed) {
    this.context = context;
    this.power = power;
    this.main = main;
    this.changed = changed;
  }

  /** Reads both modes and starts following them. */
  public void start() {
    read();
    IntentFilter filter = new IntentFilter(PowerManager.ACTION_DEVICE_IDLE_MODE_CHANGED);
    filter.addAction(PowerManager.ACTION_POWER_SAVE_MODE_CHANGED);
    // System broadcasts only: not exported (the flag exists, and is required for apps, from API 33).
    int flags = Build.VERSION.SDK_INT >= 33 ? Context.RECEIVER_NOT_EXPORTED : 0;
    context.registerReceiver(this, filter, null, main, flags);
    watching = true;
  }

  /** Stops following; no call to {@code changed} after this. */
  public void stop() {
    if (watching) {
      watching = false;
      context.unregisterReceiver(this);
    }
  }

  /** Whether the device is in Doze. */
  public boolean deviceIdle() {
    return deviceIdle;
  }

  /** Whether battery saver is on. */
  public boolean powerSave() {
    return powerSave;
  }

  private void read() {
    deviceIdle = power.isDeviceIdleMode();
    powerSave = power.isPowerSaveMode();
  }

  @Override
  public void onReceive(Context ignored, Intent intent) {
    if (watching) {
      read();
      changed.run();
    }
  }
}
