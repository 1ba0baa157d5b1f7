package dev.ssekit.sample

import android.content.Context
import android.content.SharedPreferences
import android.os.Looper
import dev.ssekit.server.HubConfig
import dev.ssekit.server.Message
import dev.ssekit.server.SseTestServer
import dev.ssekit.server.TokenValidator
import java.time.Duration
import org.assertj.core.api.Assertions.assertThat
import org.awaitility.Awaitility.await
import org.junit.After
import org.junit.Before
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.RobolectricTestRunner
import org.robolectric.RuntimeEnvironment
import org.robolectric.Shadows.shadowOf
import org.robolectric.android.controller.ActivityController
import org.robolectric.annotation.Config

/** The Kotlin screen against a real hub on loopback, under Robolectric. */
@RunWith(RobolectricTestRunner::class)
@Config(sdk = [34])
class FlowActivityTest {

  private lateinit var hub: SseTestServer
  private val launched = ArrayList<ActivityController<FlowActivity>>()

  private fun launch(): ActivityController<FlowActivity> =
    Robolectric.buildActivity(FlowActivity::class.java).setup().also { launched.add(it) }

  @Before
  fun startHub() {
    hub = SseTestServer.start(HubConfig.builder().heartbeatInterval(Duration.ofMillis(200)).build())
    prefs().edit().putString(FlowActivity.URL, "${hub.url()}/v1/sse").putString(FlowActivity.TOKEN, "").commit()
  }

  @After
  fun stopActivitiesAndHub() {
    launched.filter { !it.get().isDestroyed }.forEach { it.pause().stop().destroy() }
    until { sdkThreads().isEmpty() } // the cancelled collection ends on the main looper, which only runs here
    hub.close()
  }

  private fun prefs(): SharedPreferences =
    RuntimeEnvironment.getApplication().getSharedPreferences(FlowActivity.PREFS, Context.MODE_PRIVATE)

  /** Runs the main looper until the condition holds: the collector runs on it. */
  private fun until(condition: () -> Boolean) {
    await().atMost(Duration.ofSeconds(15)).pollInSameThread().pollInterval(Duration.ofMillis(10)).until {
      shadowOf(Looper.getMainLooper()).idleFor(Duration.ofMillis(50))
      condition()
    }
  }

  private fun sdkThreads(): List<String> =
    Thread.getAllStackTraces().keys.filter { it.isAlive && it.name.startsWith("ssekit-sse-") }.map { it.name }

  @Test
  fun eventsAppearInTheListInOrderOnTheMainThread() {
    val activity = launch().get()
    until { activity.stateLine() == "open" }

    val ids = listOf("one", "two", "zwölf ☕").map { hub.hub().broadcast(Message.of(it)) }

    until { activity.eventLines().size == 3 }
    assertThat(activity.eventLines()).containsExactly("${ids[0]}: one", "${ids[1]}: two", "${ids[2]}: zwölf ☕")
  }

  @Test
  fun onStopCancelsTheCollectionAndLeavesNoSdkThreadOrStream() {
    val controller = launch()
    val activity = controller.get()
    until { activity.stateLine() == "open" }
    assertThat(sdkThreads()).isNotEmpty()

    controller.pause().stop()

    assertThat(activity.stateLine()).isEqualTo("closed")
    until { sdkThreads().isEmpty() && hub.hub().clientCount == 0 }
  }

  @Test
  fun aRefusedTokenShowsWhyTheStreamClosedAndDoesNotCrashTheScreen() {
    hub.close()
    hub = SseTestServer.start(HubConfig.builder().tokenValidator(TokenValidator.staticTokens("good")).build())
    prefs().edit().putString(FlowActivity.URL, "${hub.url()}/v1/sse").putString(FlowActivity.TOKEN, "revoked").commit()

    val activity = launch().get()

    until { activity.stateLine().startsWith("closed: ") }
    assertThat(activity.stateLine()).contains("403")
    assertThat(activity.isFinishing).isFalse()
  }

  @Test
  fun aRestartedScreenResumesAfterTheLastEventItShowed() {
    val first = launch()
    until { first.get().stateLine() == "open" }
    hub.hub().broadcast(Message.of("seen"))
    until { first.get().eventLines().size == 1 }
    first.pause().stop().destroy()
    until { sdkThreads().isEmpty() }

    val missed = listOf("missed 1", "missed 2").map { it to hub.hub().broadcast(Message.of(it)) }
    val second = launch().get()

    until { second.eventLines().size >= 2 }
    assertThat(second.eventLines()).containsExactlyElementsOf(missed.map { (data, id) -> "$id: $data" })
  }
}
