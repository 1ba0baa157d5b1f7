package dev.ssekit.android.internal;

import android.net.ConnectivityManager;
import android.net.Network;
import android.net.NetworkCapabilities;
import android.os.Handler;

/**
 * Follows the default network through {@link ConnectivityManager}'s default-network callback and tells its
 * owner when the usable network (the default one, once it is validated) changes. Main thread only: the
 * callback is registered with a main-thread {@link Handler}.
 */
public final class NetworkWatcher {

  private final ConnectivityManager connectivity;
  private final Handler main;
  private final Runnable changed;
  private final Callback callback = new Callback();

  // Main thread.
  private Network current;
  private boolean validated;
  private boolean watching;

  /** {@code changed} runs on the main thread after each change of {@link #usable()}. */
  public NetworkWatcher(ConnectivityManager connectivity, Handler main, Runnable changed) {
    this.connectivity = connectivity;
    this.main = main;
    this.changed = changed;
  }

  /** Reads the current default network and starts following it. */
  public void start() {
    current = connectivity.getActiveNetwork();
    validated = current != null && isValidated(connectivity.getNetworkCapabilities(current));
    watching = true;
    connectivity.registerDefaultNetworkCallback(callback, main);
  }

  /** Stops following; no call to {@code changed} after this. */
  public void stop() {
    if (watching) {
      watching = false;
      connectivity.unregisterNetworkCallback(callback);
    }
  }

  /** The default network if it is validated, else {@code null}. */
  public Network usable() {
    return validated ? current : null;
  }

  private static boolean isValidated(NetworkCapabilities caps) {
    return caps != null && caps.hasCapability(NetworkCapabilities.NET_CAPABILITY_INTERNET)
        && caps.hasCapability(NetworkCapabilities.NET_CAPABILITY_VALIDATED);
  }

  private void update(Network network, boolean isValidated) {
    Network before = usable();
    current = network;
    validated = network != null && isValidated;
    Network after = usable();
    if (watching && (before == null ? after != null : !before.equals(after))) {
      changed.run();
    }
  }

  private final class Callback extends ConnectivityManager.NetworkCallback {
    @Override
    public void onAvailable(Network network) {
      update(network, isValidated(connectivity.getNetworkCapabilities(network)));
    }

    @Override
    public void onCapabilitiesChanged(Network network, NetworkCapabilities caps) {
      if (network.equals(current)) {
        update(network, isValidated(caps));
      }
    }

    @Override
    public void onLost(Network network) {
      if (network.equals(current)) {
        update(null, false);
      }
    }
  }
}
