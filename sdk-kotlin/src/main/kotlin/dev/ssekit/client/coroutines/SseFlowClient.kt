package dev.ssekit.client.coroutines

import dev.ssekit.client.ConnectionState
import dev.ssekit.client.SseClient
import dev.ssekit.client.SseConfig
import dev.ssekit.client.SseEvent
import dev.ssekit.client.SseListener
import java.util.concurrent.atomic.AtomicBoolean
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.withContext
import okhttp3.OkHttpClient

/**
 * One Server-Sent Events connection seen through coroutines: a [Flow] of its events and a [StateFlow] of its
 * connection state, over an [SseClient] with all of its reconnect, resume, de-duplication and ack behaviour.
 *
 * ```
 * val sse = SseFlowClient(url, SseConfig.builder().token(token).build())
 * sse.events<Order>("order").collect { order -> show(order) }
 * ```
 *
 * **Lifecycle.** Nothing connects until a flow from [events] is collected: the collection builds the
 * [SseClient], starts it, and closes it when the collection ends, whether the collector is cancelled, throws,
 * or stops early (`take`, `first`). One `SseFlowClient` is one connection's life, so its flows can be collected
 * once in all; for a new connection (say each time an Android screen starts), make a new `SseFlowClient` with
 * the same config, and a persistent [dev.ssekit.client.LastEventIdStore] in it resumes where the last left off.
 * A flow completes normally when the client is closed by [close] or by the server (`204`), and throws the
 * [dev.ssekit.client.SseException] that closed it otherwise (auth refused, retries exhausted, ...).
 *
 * **Threads and backpressure.** The SDK reads and calls back on its own reader thread; every item is handed
 * from that thread to the collector, which runs in its own coroutine context
 * (so choose the thread with the collector's dispatcher or `flowOn`, not with a callback executor). The
 * reader thread waits until the collector's `emit` returns, so an event counts as processed, and the
 * resume id moves past it, only once the collector has handled it (an event that `take` or `first` took
 * counts too): nothing is dropped, and an event the collector failed on or was cancelled during, and every
 * later one, is replayed by the next connection. When a collection ends (normally, by an error or a
 * cancellation) the client is closed and its last callback has run, so the processed events are in the
 * config's [dev.ssekit.client.LastEventIdStore] and a new client resumes right after the last one.
 * While the collector is busy the reader waits for it and stops reading, and TCP slows the hub, which by its
 * own rules may drop the slow connection, which the client then resumes without loss.
 *
 * @param url the stream URL (http or https)
 * @param config the client's settings; its callback executor must be unset (see above)
 * @param okHttpClient an OkHttp client to share, or `null` for one of the SDK's own
 * @param listener also receives every callback, on the SDK's reader thread (useful for
 *   [SseListener.onError]: decode failures and failed connection attempts that are retried), or `null`
 * @throws IllegalArgumentException if the URL is not http(s) or the config sets a callback executor
 */
public class SseFlowClient(
  url: String,
  config: SseConfig = SseConfig.defaults(),
  okHttpClient: OkHttpClient? = null,
  listener: SseListener? = null,
) : AutoCloseable {

  private val bridge = FlowBridge(listener)
  private val builder: SseClient.Builder
  private val collected = AtomicBoolean()

  /** The running client, once a collection built it. */
  @Volatile
  private var client: SseClient? = null

  @Volatile
  private var closed = false

  init {
    require(config.callbackExecutor() == null) {
      "config.callbackExecutor() must be null for an SseFlowClient: events reach the collector in its own " +
        "coroutine context (pick the thread with its dispatcher or flowOn), and blocking an app executor " +
        "such as Android's main thread while it waits for the collector could deadlock"
    }
    val decoding = if (config.objectMapper() != null) config else config.toBuilder().objectMapper(kotlinMapper()).build()
    builder = SseClient.builder(url).config(decoding).okHttpClient(okHttpClient).listener(bridge)
  }

  /**
   * Every event of the stream (all types but heartbeats), in stream order, each exactly once. Collecting
   * connects; ending the collection closes the connection. Collect it once (see the class comment).
   *
   * @throws IllegalStateException on collection, if this client's flows were already collected or it was closed
   */
  public fun events(): Flow<SseEvent> = stream { bridge.rawEvents = true }

  /**
   * The events of one type, their data decoded as JSON into [T] by the client's decoder: the config's
   * `ObjectMapper`, or by default one with jackson-module-kotlin, so Kotlin classes (data classes, default
   * values, nullability) decode out of the box, and JSON properties [T] does not have are ignored. An event that does not decode, or whose data is JSON `null`, is skipped: it is reported once
   * to the listener's [SseListener.onError] (an [dev.ssekit.client.SseCallbackException] with the event) and
   * [SseListener.onPoisonEvent], is not retried, counts as processed (the resume id moves past it) and does not
   * end the flow. Otherwise as [events].
   *
   * @throws IllegalArgumentException if [T] is a generic type such as `List<Order>` (not supported yet), or
   *   [type] is empty or holds a line break (no event could match it)
   */
  public inline fun <reified T : Any> events(type: String): Flow<T> = events(type, T::class.java)

  /** The typed flow for [events]; `valueType` is the decoding target. */
  @PublishedApi
  internal fun <T : Any> events(type: String, valueType: Class<T>): Flow<T> {
    require(type.isNotEmpty() && type.none { it == '\r' || it == '\n' }) {
      "an event type is a non-empty line of text (a stream's events could never match \"$type\")"
    }
    require(valueType.typeParameters.isEmpty()) {
      "cannot decode into the generic type ${valueType.name}: use a non-generic class, or decode events() yourself"
    }
    return stream { client ->
      client.on(type, valueType) { value, event ->
        if (value == null) {
          val cause = IllegalArgumentException("a \"$type\" event's data is JSON null, not a ${valueType.name}")
          bridge.skip(event, cause)
        } else {
          bridge.handOver(value)
        }
      }
    }
  }

  /**
   * The connection's state: `CONNECTING` until a collection connects, then `OPEN`, `RECONNECTING` and finally
   * `CLOSED`. Updated on the SDK's reader thread, before the events that follow the change. Like every
   * [StateFlow] it is conflated: a slow collector sees the latest state, not every one (the `listener` given
   * to the constructor hears every change).
   */
  public fun connectionStates(): StateFlow<ConnectionState> = bridge.states.asStateFlow()

  /**
   * Closes the connection: a collection in progress completes normally. Idempotent, any thread, returns at
   * once; no SDK thread, timer or socket remains afterwards.
   */
  override fun close() {
    closed = true
    client?.close()
  }

  private fun <T> stream(subscribe: (SseClient) -> Unit): Flow<T> = flow {
    check(collected.compareAndSet(false, true)) {
      "this SseFlowClient was already collected: one SseFlowClient is one connection; make a new one"
    }
    check(!closed) { "this SseFlowClient is closed" }
    val running = builder.build()
    var started = false
    try {
      subscribe(running)
      client = running
      if (closed) {
        return@flow // close() raced with the start of this collection
      }
      running.start()
      started = true
      bridge.pumpInto(this)
    } finally {
      // Close first, then fail the hand-over that waits: so the SDK sees the event it was handing over fail
      // while the client is closing, and counts neither it nor anything after it as processed.
      running.close()
      bridge.stop()
      if (started) {
        // The flow ends once the client's last callback ran: the processed prefix is then in the store.
        withContext(NonCancellable) { bridge.states.first { it.kind() == ConnectionState.Kind.CLOSED } }
      }
    }
  }
}

/** The default decoder of the Kotlin module: Kotlin classes, and unknown JSON properties ignored (as in Java). */
private fun kotlinMapper(): com.fasterxml.jackson.databind.ObjectMapper =
  com.fasterxml.jackson.module.kotlin.jacksonObjectMapper()
    .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
