package dev.ssekit.client.coroutines

import dev.ssekit.client.CloseReason
import dev.ssekit.client.ConnectionState
import dev.ssekit.client.SseHttpException
import dev.ssekit.client.SseConfig
import dev.ssekit.client.SseEvent
import dev.ssekit.client.SseListener
import dev.ssekit.server.HubConfig
import dev.ssekit.server.Message
import dev.ssekit.server.TokenValidator
import java.time.Duration
import java.util.Collections
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit
import java.util.concurrent.Executor
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withContext
import org.assertj.core.api.Assertions.assertThat
import org.assertj.core.api.Assertions.assertThatThrownBy
import org.awaitility.Awaitility.await
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

/** `SseFlowClient.events()` against the real hub: exactly once, cancellation, backpressure, endings. */
@Timeout(60)
class EventsFlowTest {

  private var hub: TestHub? = null

  @AfterEach
  fun stopHub() {
    hub?.close()
    await().atMost(Duration.ofSeconds(10)).untilAsserted { assertThat(TestHub.sdkThreads()).`as`(java.util.function.Supplier { TestHub.sdkThreadStacks() }).isEmpty() }
  }

  private fun hub(config: HubConfig.Builder = HubConfig.builder()) = TestHub(config).also { hub = it }

  /** Publishes from a plain thread, as a server would, while the test's coroutine collects. */
  private fun publishInBackground(action: () -> Unit): Thread =
    Thread(action, "test-publisher").apply { isDaemon = true; start() }

  @Test
  fun collectsAThousandEventsExactlyOnceInOrderAcrossAHubCut() = runTest(timeout = 60.seconds) {
    val hub = hub()
    val states = Collections.synchronizedList(ArrayList<ConnectionState.Kind>())
    val sse = SseFlowClient(hub.streamUrl, TestHub.fastReconnects().build(), listener = object : SseListener {
      override fun onEvent(event: SseEvent) {}

      override fun onStateChange(state: ConnectionState) {
        states.add(state.kind()) // every change (the StateFlow is conflated)
      }
    })
    val published = Collections.synchronizedList(ArrayList<String>())
    launch(Dispatchers.Default) {
      sse.connectionStates().first { it.kind() == ConnectionState.Kind.OPEN }
      publishInBackground {
        repeat(500) { published.add(hub.hub.broadcast(Message.of("n$it"))) }
        hub.fault("""{"type":"cut"}""") // the next event is written half, then the stream ends
        repeat(500) { published.add(hub.hub.broadcast(Message.of("n${500 + it}"))) }
      }
    }

    val received = sse.events().filter { it.type() == "message" }.take(1000).toList()

    assertThat(received.map(SseEvent::id)).containsExactlyElementsOf(published)
    assertThat(received.map(SseEvent::data)).containsExactlyElementsOf((0 until 1000).map { "n$it" })
    assertThat(states).containsSubsequence(ConnectionState.Kind.OPEN, ConnectionState.Kind.RECONNECTING,
      ConnectionState.Kind.OPEN)
    await().atMost(Duration.ofSeconds(10)) // take(1000) closed the client; CLOSED arrives on the callback thread
      .until { sse.connectionStates().value.closeReason() == CloseReason.CLOSED_BY_CALLER }
  }

  @Test
  fun cancellingTheCollectorClosesTheClientAndLeavesNoSdkThread() = runTest(timeout = 30.seconds) {
    val hub = hub()
    val sse = SseFlowClient(hub.streamUrl, TestHub.fastReconnects().build())
    val first = CompletableDeferred<SseEvent>()
    val collecting = launch(Dispatchers.Default) {
      sse.events().collect { first.complete(it) }
    }
    withContext(Dispatchers.Default) {
      sse.connectionStates().first { it.kind() == ConnectionState.Kind.OPEN }
      publishInBackground { repeat(1000) { hub.hub.broadcast(Message.of(it)) } }
      first.await()
    }
    assertThat(TestHub.sdkThreads()).isNotEmpty()

    collecting.cancel()
    collecting.join()

    await().atMost(Duration.ofSeconds(10)).untilAsserted { assertThat(TestHub.sdkThreads()).`as`(java.util.function.Supplier { TestHub.sdkThreadStacks() }).isEmpty() }
    await().atMost(Duration.ofSeconds(10)).until { hub.hub.clientCount == 0 }
    assertThat(sse.connectionStates().value.closeReason()).isEqualTo(CloseReason.CLOSED_BY_CALLER)
  }

  @Test
  fun aSlowCollectorLosesNothingWhenTheSdkAndTheHubQueuesAreSmall() = runTest(timeout = 60.seconds) {
    // A small hub queue makes the hub drop the stalled stream as a slow consumer: the client must resume.
    val hub = hub(HubConfig.builder().clientQueueCapacity(16).bufferSize(5000))
    val sse = SseFlowClient(hub.streamUrl, TestHub.fastReconnects().maxPendingEvents(4).build())
    val published = Collections.synchronizedList(ArrayList<String>())
    val firstArrived = CompletableFuture<Unit>()
    val allPublished = CompletableDeferred<Unit>()
    val payload = "x".repeat(8192) // 16 MB in all: more than loopback socket buffers hold while the collector stalls
    launch(Dispatchers.Default) {
      sse.connectionStates().first { it.kind() == ConnectionState.Kind.OPEN }
      publishInBackground {
        try {
          published.add(hub.hub.broadcast(Message.of("0:$payload")))
          // The flood starts once the client has the first message, so it has a resume id when the hub drops it
          // (a stream dropped before its first message resumes from nothing: see docs/PROTOCOL.md, clause 13).
          firstArrived.get(30, TimeUnit.SECONDS)
          for (i in 1 until 2000) {
            published.add(hub.hub.broadcast(Message.of("$i:$payload")))
          }
          allPublished.complete(Unit)
        } catch (e: Throwable) {
          allPublished.completeExceptionally(e) // fails the test with the cause instead of a timeout
        }
      }
    }

    val received = sse.events().filter { it.type() == "message" }.take(2000).map {
      if (it.data().startsWith("0:")) {
        firstArrived.complete(Unit)
        allPublished.await() // the collector stalls on the first event until everything is published
      }
      it
    }.toList()

    assertThat(received.map(SseEvent::id)).containsExactlyElementsOf(published)
    assertThat(hub.hub.stats().slowConsumerDisconnects()).describedAs("the stall pushed back to the hub").isPositive()
  }

  @Test
  fun theFlowCompletesWhenTheAppClosesTheClient() = runTest(timeout = 30.seconds) {
    val hub = hub()
    val sse = SseFlowClient(hub.streamUrl)
    launch(Dispatchers.Default) {
      sse.connectionStates().first { it.kind() == ConnectionState.Kind.OPEN }
      sse.close()
    }

    assertThat(sse.events().filter { it.type() == "message" }.toList()).isEmpty()
    assertThat(sse.connectionStates().value.closeReason()).isEqualTo(CloseReason.CLOSED_BY_CALLER)
  }

  @Test
  fun theFlowThrowsTheErrorThatClosedTheClient() = runTest(timeout = 30.seconds) {
    val hub = hub(HubConfig.builder().tokenValidator(TokenValidator.staticTokens("good")))
    val sse = SseFlowClient(hub.streamUrl, SseConfig.builder().token("revoked").build())

    assertThatThrownBy { kotlinx.coroutines.runBlocking { sse.events().toList() } }
      .isInstanceOfSatisfying(SseHttpException::class.java) { assertThat(it.status()).isEqualTo(403) }
    assertThat(sse.connectionStates().value.closeReason()).isEqualTo(CloseReason.AUTH_FAILED)
  }

  @Test
  fun aSecondCollectionIsRefusedWithAClearError() = runTest(timeout = 30.seconds) {
    val hub = hub()
    val sse = SseFlowClient(hub.streamUrl)
    val events = sse.events()
    launch(Dispatchers.Default) {
      sse.connectionStates().first { it.kind() == ConnectionState.Kind.OPEN }
      sse.close()
    }
    events.toList()

    assertThatThrownBy { kotlinx.coroutines.runBlocking { events.toList() } }
      .isInstanceOf(IllegalStateException::class.java)
      .hasMessageContaining("already collected")
  }

  @Test
  fun aClosedClientRefusesToBeCollected() {
    val sse = SseFlowClient("http://127.0.0.1:9/v1/sse")
    sse.close()

    assertThatThrownBy { kotlinx.coroutines.runBlocking { sse.events().toList() } }
      .isInstanceOf(IllegalStateException::class.java)
      .hasMessageContaining("closed")
    assertThat(TestHub.sdkThreads()).`as`(java.util.function.Supplier { TestHub.sdkThreadStacks() }).isEmpty()
  }

  @Test
  fun aConfigWithACallbackExecutorIsRefused() {
    val config = SseConfig.builder().callbackExecutor(Executor { it.run() }).build()

    assertThatThrownBy { SseFlowClient("http://127.0.0.1:9/v1/sse", config) }
      .isInstanceOf(IllegalArgumentException::class.java)
      .hasMessageContaining("callbackExecutor")
  }

  @Test
  fun aUrlThatIsNotHttpIsRefused() {
    assertThatThrownBy { SseFlowClient("ftp://127.0.0.1/v1/sse") }
      .isInstanceOf(IllegalArgumentException::class.java)
      .hasMessageContaining("not an http(s) URL")
  }
}
