package dev.ssekit.android;

import static org.awaitility.Awaitility.await;
import static org.robolectric.Shadows.shadowOf;

import android.Manifest;
import android.app.Application;
import android.content.Context;
import android.net.ConnectivityManager;
import android.net.Network;
import android.net.NetworkCapabilities;
import android.os.Looper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.robolectric.RuntimeEnvironment;
import org.robolectric.shadows.ShadowNetwork;
import org.robolectric.shadows.ShadowNetworkCapabilities;

/**
 * The phone around a stream under Robolectric: two validated networks (mobile, the default at first, and Wi-Fi),
 * the framework's part of the default-network callback (onAvailable, onCapabilitiesChanged, onLost to every
 * registered callback, as ConnectivityService does), and the main looper, driven by the test thread.
 */
final class Phone {

  static final Network MOBILE = ShadowNetwork.newInstance(ConnectivityManager.TYPE_MOBILE);
  static final Network WIFI = ShadowNetwork.newInstance(ConnectivityManager.TYPE_WIFI);

  final Application app = RuntimeEnvironment.getApplication();
  final ConnectivityManager connectivity = (ConnectivityManager) app.getSystemService(Context.CONNECTIVITY_SERVICE);

  Phone() {
    shadowOf(app).grantPermissions(Manifest.permission.ACCESS_NETWORK_STATE);
    shadowOf(connectivity).setNetworkCapabilities(MOBILE, validated(NetworkCapabilities.TRANSPORT_CELLULAR));
    shadowOf(connectivity).setNetworkCapabilities(WIFI, validated(NetworkCapabilities.TRANSPORT_WIFI));
  }

  private static NetworkCapabilities validated(int transport) {
    NetworkCapabilities caps = ShadowNetworkCapabilities.newInstance();
    shadowOf(caps).addTransportType(transport);
    shadowOf(caps).addCapability(NetworkCapabilities.NET_CAPABILITY_INTERNET);
    shadowOf(caps).addCapability(NetworkCapabilities.NET_CAPABILITY_VALIDATED);
    return caps;
  }

  /** No default network, before any stream starts: getActiveNetwork() answers null. */
  void startWithoutNetwork() {
    shadowOf(connectivity).setDefaultNetworkActive(false);
  }

  /** The default network becomes {@code network}, validated. */
  void switchTo(Network network) {
    for (ConnectivityManager.NetworkCallback c : callbacks()) {
      c.onAvailable(network);
      c.onCapabilitiesChanged(network, connectivity.getNetworkCapabilities(network));
    }
  }

  /** The default network {@code network} is gone and none replaces it. */
  void lose(Network network) {
    for (ConnectivityManager.NetworkCallback c : callbacks()) {
      c.onLost(network);
    }
  }

  List<ConnectivityManager.NetworkCallback> callbacks() {
    return new ArrayList<>(shadowOf(connectivity).getNetworkCallbacks());
  }

  /** Runs the main looper's due tasks (without moving its clock) until the condition holds, for 20 s at most. */
  static void until(Callable<Boolean> condition) {
    within(Duration.ofSeconds(20), condition);
  }

  /** As {@link #until}, failing if the condition does not hold within {@code bound}. */
  static void within(Duration bound, Callable<Boolean> condition) {
    await().atMost(bound).pollInSameThread().pollInterval(Duration.ofMillis(2)).until(() -> {
      shadowOf(Looper.getMainLooper()).idle();
      return condition.call();
    });
  }

  /** Runs what is due on the main looper: after the SDK's threads ended, all they posted (their last callbacks). */
  static void drain() {
    shadowOf(Looper.getMainLooper()).idle();
  }

  /** Moves the main looper's clock on, running what falls due (grace periods use it). */
  static void advance(Duration time) {
    shadowOf(Looper.getMainLooper()).idleFor(time);
  }

  static List<String> sdkThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(n -> n.startsWith("ssekit-sse-")).collect(Collectors.toList());
  }
}
