package dev.ssekit.sample

import android.app.Application
import android.content.SharedPreferences
import dev.ssekit.android.AndroidSseStream
import dev.ssekit.android.SharedPreferencesLastEventIdStore
import dev.ssekit.client.Gap
import dev.ssekit.client.SseConfig
import dev.ssekit.client.SseEvent
import dev.ssekit.client.SseListener

/**
 * The app's one stream, owned by the process rather than by a screen: `ssekit-android` keeps it connected
 * while any activity is started, pauses it 5 s after the app goes to the background, follows the default
 * network, and resumes from the id kept in [SharedPreferences]. Screens only show what it holds: [lines] and
 * [stateLine], refreshed through [screen] (all on the main thread).
 */
class SampleApp : Application() {

  lateinit var prefs: SharedPreferences
    private set
  var stream: AndroidSseStream? = null
    private set
  val lines = ArrayList<String>()
  var stateLine = "closed"
    private set
  /** The visible screen's refresh, or null. */
  var screen: Runnable? = null

  override fun onCreate() {
    super.onCreate()
    prefs = getSharedPreferences(PREFS, MODE_PRIVATE)
    if (prefs.getBoolean(WANTS_STREAM, false)) {
      connect()
    }
  }

  fun connect() {
    if (stream != null) return
    val token = prefs.getString(TOKEN, "")!!
    stream = AndroidSseStream.builder(this, prefs.getString(URL, DEFAULT_URL)!!)
      .config(SseConfig.builder()
        .apply { if (token.isNotEmpty()) token(token) }
        .lastEventIdStore(SharedPreferencesLastEventIdStore.of(this, STREAM_PREFS))
        .build())
      .listener(object : SseListener {
        override fun onEvent(event: SseEvent) = show { if (event.type() != "connected") lines.add("${event.id()}: ${event.data()}") }
        override fun onGap(gap: Gap) = show { lines.add("gap: events after ${gap.lastEventId()} may be missing") }
      })
      .stateListener { state -> show { stateLine = StateText.of(state) } }
      .build()
      .also { it.start() }
  }

  fun disconnect() {
    stream?.close() // returns at once
    stream = null
    show { stateLine = "closed" }
  }

  private inline fun show(change: () -> Unit) {
    change()
    screen?.run()
  }

  companion object {
    const val PREFS = "ssekit-sample"
    const val STREAM_PREFS = "ssekit-sample-stream"
    const val URL = "url"
    const val TOKEN = "token"
    const val WANTS_STREAM = "wants_stream"
    const val DEFAULT_URL = "http://10.0.2.2:8000/v1/sse"
  }
}
