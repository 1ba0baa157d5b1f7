package dev.ssekit.client.coroutines

import dev.ssekit.client.CloseReason
import dev.ssekit.client.ConnectionState
import dev.ssekit.client.Gap
import dev.ssekit.client.SseCallbackException
import dev.ssekit.client.SseEvent
import dev.ssekit.client.SseException
import dev.ssekit.client.SseListener
import java.util.concurrent.ArrayBlockingQueue
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.isActive
import kotlinx.coroutines.channels.trySendBlocking
import kotlinx.coroutines.flow.FlowCollector
import kotlinx.coroutines.flow.MutableStateFlow
import okhttp3.Response

/**
 * The one place where an SseClient's callbacks become a Flow.
 *
 * The SDK calls this listener on its reader thread, one callback at a time and in stream order. Each
 * item for the flow is handed over by [handOver], which blocks that thread until the collector's `emit` has
 * returned: so an event counts as processed (and the resume id moves past it) only once the collector has
 * handled it, and while the collector is busy the SDK's pending-event limit fills and its reader stops
 * reading. The collector side ([pumpInto]) runs in the collector's coroutine and only suspends.
 */
internal class FlowBridge(private val delegate: SseListener?) : SseListener {

  /** Written on the reader thread (and once by [stop]); read anywhere. */
  val states: MutableStateFlow<ConnectionState> = MutableStateFlow(ConnectionState.connecting())

  /** Whether raw events go to the flow (false for a typed flow, whose items come through [handOver]). */
  @Volatile
  var rawEvents: Boolean = false

  /** Items on their way to the collector. Rendezvous: nothing waits here that the collector has not taken. */
  private val items = Channel<Any>(Channel.RENDEZVOUS)

  /** The collector's answer for the item it took: true once emit returned, false if it stopped instead. */
  private val answers = ArrayBlockingQueue<Boolean>(1)

  /** Set once the collector stopped: failures of hand-overs after that are ours, not the app's. */
  @Volatile
  private var stopped = false

  // ---- the SDK's reader thread ----

  /**
   * Blocks the reader thread until the collector processed [item]. Throws if the collector stopped first,
   * so the SDK does not count the item as processed.
   */
  fun handOver(item: Any) {
    if (items.trySendBlocking(item).isFailure || !answers.take()) {
      throw CollectorGone()
    }
  }

  /**
   * Reports an event the flow skips (a typed event whose data is JSON null) like a decode failure: once to
   * `onError` and `onPoisonEvent`, without a throw, so the SDK neither retries it nor ends the flow.
   */
  fun skip(event: SseEvent, cause: Exception) {
    val error = SseCallbackException("skipped $event: ${cause.message}", event, cause)
    runCatching { delegate?.onError(error) } // an onError that throws is ignored, as the SDK does
    runCatching { delegate?.onPoisonEvent(event, error) }
  }

  override fun onPoisonEvent(event: SseEvent, lastError: SseException) {
    if (stopped && lastError.cause is CollectorGone) {
      return // not given up by the app: the client is closing and the event is replayed by the next one
    }
    delegate?.onPoisonEvent(event, lastError)
  }

  override fun onOpen(response: Response) {
    delegate?.onOpen(response)
  }

  override fun onEvent(event: SseEvent) {
    if (rawEvents) {
      handOver(event)
    }
    delegate?.onEvent(event)
  }

  override fun onComment(comment: String) {
    delegate?.onComment(comment)
  }

  override fun onHeartbeat(heartbeat: SseEvent) {
    delegate?.onHeartbeat(heartbeat)
  }

  override fun onGap(gap: Gap) {
    delegate?.onGap(gap)
  }

  override fun onStateChange(state: ConnectionState) {
    states.value = state
    delegate?.onStateChange(state)
    if (state.kind() == ConnectionState.Kind.CLOSED) {
      items.close(failureOf(state))
    }
  }

  override fun onError(error: SseException) {
    if (stopped && error is SseCallbackException && error.cause is CollectorGone) {
      return // the collector left; the SDK only tells us the hand-over did not complete
    }
    delegate?.onError(error)
  }

  // ---- the collector's coroutine ----

  /**
   * Emits every item handed over until the client closes; rethrows the error that closed it, if any. An item
   * is processed when `emit` returned, or when it threw a cancellation while this coroutine is still active:
   * that is an operator downstream (`take`, `first`) stopping the flow after it took the item. An item whose
   * emit failed, or during which the collector was cancelled, is not.
   */
  suspend fun <T> pumpInto(collector: FlowCollector<T>) {
    for (item in items) {
      try {
        @Suppress("UNCHECKED_CAST")
        collector.emit(item as T)
      } catch (e: CancellationException) {
        if (currentCoroutineContext().isActive) {
          answers.put(true)
        }
        throw e
      }
      answers.put(true)
    }
  }

  /** The collector stopped (any reason): wakes the reader thread waiting in [handOver]. Any thread. */
  fun stop() {
    stopped = true
    items.cancel()
    answers.offer(false)
  }

  private fun failureOf(closed: ConnectionState): Throwable? = when (closed.closeReason()) {
    CloseReason.CLOSED_BY_CALLER, CloseReason.CLOSED_BY_SERVER, null -> null
    else -> closed.error() ?: SseException("the client closed: " + closed.closeReason())
  }

  /** A hand-over whose collector had already stopped. */
  class CollectorGone : RuntimeException("the flow's collector stopped before taking this item")
}
