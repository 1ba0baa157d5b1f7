package dev.ssekit.sample

import android.app.Activity
import android.content.SharedPreferences
import android.os.Bundle
import android.widget.ArrayAdapter
import android.widget.LinearLayout
import android.widget.ListView
import android.widget.TextView
import dev.ssekit.android.SharedPreferencesLastEventIdStore
import dev.ssekit.client.SseConfig
import dev.ssekit.client.SseException
import dev.ssekit.client.coroutines.SseFlowClient
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.MainScope
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.launch

/**
 * The Kotlin screen: the same stream as [MainActivity], read as a Flow through `ssekit-kotlin`.
 *
 * The stream lives from `onStart` to `onStop`: `onStart` launches a collection on the main dispatcher (so the
 * list is updated on the main thread, and the SDK's own callback thread waits while the screen takes each
 * event), `onStop` cancels it, which closes the connection. Each start makes a new [SseFlowClient]; the
 * resume id kept in [SharedPreferences] (`ssekit-android`'s store) makes it continue after the last event shown,
 * even after the process was killed. Nothing blocks the main thread. Unlike [MainActivity]'s stream, which
 * [SampleApp] keeps with `ssekit-android`, this one lives exactly as long as the screen is started and does not
 * follow the network.
 */
class FlowActivity : Activity() {

  private val scope: CoroutineScope = MainScope()
  private lateinit var prefs: SharedPreferences
  private lateinit var stateText: TextView
  private lateinit var events: ArrayAdapter<String>
  private var stream: Job? = null

  override fun onCreate(savedInstanceState: Bundle?) {
    super.onCreate(savedInstanceState)
    prefs = getSharedPreferences(PREFS, MODE_PRIVATE)
    stateText = TextView(this).apply { text = "closed" }
    events = ArrayAdapter(this, android.R.layout.simple_list_item_1, ArrayList<String>())
    val root = LinearLayout(this).apply { orientation = LinearLayout.VERTICAL }
    root.addView(stateText)
    root.addView(ListView(this).apply { adapter = events },
      LinearLayout.LayoutParams(LinearLayout.LayoutParams.MATCH_PARENT, 0, 1f))
    setContentView(root)
  }

  override fun onStart() {
    super.onStart()
    val config = SseConfig.builder().lastEventIdStore(SharedPreferencesLastEventIdStore.of(prefs))
    prefs.getString(TOKEN, null)?.takeIf { it.isNotEmpty() }?.let { config.token(it) }
    val sse = SseFlowClient(prefs.getString(URL, DEFAULT_URL)!!, config.build())
    stream = scope.launch {
      launch { sse.connectionStates().collect { stateText.text = StateText.of(it) } }
      try {
        sse.events().filter { it.type() != "connected" }.collect { events.add("${it.id()}: ${it.data()}") }
      } catch (e: SseException) {
        // the client stopped for good (say the token was refused): the state line already says why
      }
    }
  }

  override fun onStop() {
    stream?.cancel() // closes the connection; returns at once
    stream = null
    stateText.text = "closed"
    super.onStop()
  }

  override fun onDestroy() {
    scope.cancel()
    super.onDestroy()
  }

  // ---- for tests ----

  internal fun eventLines(): List<String> = (0 until events.count).map { events.getItem(it)!! }

  internal fun stateLine(): String = stateText.text.toString()

  internal companion object {
    const val PREFS = "ssekit-sample-flow"
    const val URL = "url"
    const val TOKEN = "token"
    const val DEFAULT_URL = "http://10.0.2.2:8000/v1/sse"
  }
}
