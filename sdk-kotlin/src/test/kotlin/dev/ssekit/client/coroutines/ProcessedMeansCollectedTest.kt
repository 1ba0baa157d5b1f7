package dev.ssekit.client.coroutines

import dev.ssekit.client.CloseReason
import dev.ssekit.client.ConnectionState
import dev.ssekit.client.LastEventIdStore
import dev.ssekit.client.SseEvent
import dev.ssekit.client.SseException
import dev.ssekit.client.SseListener
import dev.ssekit.server.Message
import java.time.Duration
import java.util.Collections
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.runTest
import mockwebserver3.MockResponse
import mockwebserver3.MockWebServer
import org.assertj.core.api.Assertions.assertThat
import org.awaitility.Awaitility.await
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

/** The resume id moves past an event only once the collector's emit returned; and how a flow ends. */
@Timeout(60)
class ProcessedMeansCollectedTest {

  /** The app's store: what a restarted app would resume from. */
  private class MemoryStore : LastEventIdStore {
    @Volatile var last: String? = null
    @Volatile var client: String? = null
    override fun lastEventId(): String? = last
    override fun saveLastEventId(id: String) { last = id }
    override fun clientId(): String? = client
    override fun saveClientId(clientId: String) { client = clientId }
  }

  private class Boom : RuntimeException("the collector failed")

  @AfterEach
  fun noThreadLeft() {
    await().atMost(Duration.ofSeconds(10)).untilAsserted { assertThat(TestHub.sdkThreads()).`as`(java.util.function.Supplier { TestHub.sdkThreadStacks() }).isEmpty() }
  }

  @Test
  fun anEventTheCollectorFailedOnIsNotProcessedAndTheNextClientResumesFromIt() = runTest(timeout = 30.seconds) {
    TestHub().use { hub ->
      val store = MemoryStore()
      val first = SseFlowClient(hub.streamUrl, TestHub.fastReconnects().lastEventIdStore(store).build())
      val ids = Collections.synchronizedList(ArrayList<String>())
      launch(Dispatchers.Default) {
        first.connectionStates().first { it.kind() == ConnectionState.Kind.OPEN }
        (1..10).forEach { ids.add(hub.hub.broadcast(Message.of("m$it"))) }
      }
      val seen = ArrayList<String>()

      val failure = runCatching {
        first.events().filter { it.type() == "message" }.collect {
          if (it.data() == "m6") throw Boom()
          seen.add(it.id())
        }
      }.exceptionOrNull()

      assertThat(failure).isInstanceOf(Boom::class.java)
      await().atMost(Duration.ofSeconds(10)).until { ids.size == 10 }

      assertThat(seen).containsExactlyElementsOf(ids.take(5))
      assertThat(store.last).isEqualTo(ids[4])

      val second = SseFlowClient(hub.streamUrl, TestHub.fastReconnects().lastEventIdStore(store).build())
      val rest = second.events().filter { it.type() == "message" }.take(5).toList()
      assertThat(rest.map(SseEvent::id)).containsExactlyElementsOf(ids.drop(5))
    }
  }

  @Test
  fun aCollectorFailureReachesTheListenerNeitherAsAnErrorNorAsAPoisonEvent() = runTest(timeout = 30.seconds) {
    TestHub().use { hub ->
      val store = MemoryStore()
      val heard = Collections.synchronizedList(ArrayList<String>())
      val sse = SseFlowClient(hub.streamUrl, TestHub.fastReconnects().lastEventIdStore(store).build(),
        listener = object : SseListener {
          override fun onEvent(event: SseEvent) {}

          override fun onError(error: SseException) {
            heard.add("error $error")
          }

          override fun onPoisonEvent(event: SseEvent, lastError: SseException) {
            heard.add("poison ${event.id()}")
          }
        })
      val ids = Collections.synchronizedList(ArrayList<String>())
      launch(Dispatchers.Default) {
        sse.connectionStates().first { it.kind() == ConnectionState.Kind.OPEN }
        (1..3).forEach { ids.add(hub.hub.broadcast(Message.of("m$it"))) }
      }

      val failure = runCatching {
        sse.events().filter { it.type() == "message" }.collect { if (it.data() == "m2") throw Boom() }
      }.exceptionOrNull()

      assertThat(failure).isInstanceOf(Boom::class.java)
      assertThat(sse.connectionStates().value.closeReason()).isEqualTo(CloseReason.CLOSED_BY_CALLER)
      assertThat(heard).isEmpty()
      assertThat(store.last).isEqualTo(ids[0])
    }
  }

  @Test
  fun anEventTakenByFirstCountsAsProcessed() = runTest(timeout = 30.seconds) {
    TestHub().use { hub ->
      val store = MemoryStore()
      val first = SseFlowClient(hub.streamUrl, TestHub.fastReconnects().lastEventIdStore(store).build())
      val ids = Collections.synchronizedList(ArrayList<String>())
      launch(Dispatchers.Default) {
        first.connectionStates().first { it.kind() == ConnectionState.Kind.OPEN }
        (1..3).forEach { ids.add(hub.hub.broadcast(Message.of("m$it"))) }
      }

      val taken = first.events().first { it.type() == "message" }

      await().atMost(Duration.ofSeconds(10)).until { ids.size == 3 }
      assertThat(taken.id()).isEqualTo(ids[0])
      assertThat(store.last).isEqualTo(ids[0])
      val second = SseFlowClient(hub.streamUrl, TestHub.fastReconnects().lastEventIdStore(store).build())
      val rest = second.events().filter { it.type() == "message" }.take(2).toList()
      assertThat(rest.map(SseEvent::id)).containsExactlyElementsOf(ids.drop(1))
    }
  }

  @Test
  fun theFlowCompletesWithoutErrorWhenTheServerEndsTheStreamForGood() = runTest(timeout = 30.seconds) {
    MockWebServer().use { server ->
      server.enqueue(MockResponse.Builder().code(204).build())
      server.start()
      val sse = SseFlowClient(server.url("/v1/sse").toString())

      assertThat(sse.events().toList()).isEmpty()
      assertThat(sse.connectionStates().value.closeReason()).isEqualTo(CloseReason.CLOSED_BY_SERVER)
    }
  }

  @Test
  fun closingFromAnotherThreadWhileTheCollectorIsSlowEndsTheFlow() = runTest(timeout = 30.seconds) {
    TestHub().use { hub ->
      val sse = SseFlowClient(hub.streamUrl, TestHub.fastReconnects().build())
      val publisher = launch(Dispatchers.Default) {
        sse.connectionStates().first { it.kind() == ConnectionState.Kind.OPEN }
        repeat(50) { hub.hub.broadcast(Message.of(it)) }
      }
      val got = ArrayList<String>()

      sse.events().filter { it.type() == "message" }.collect {
        got.add(it.data())
        if (got.size == 3) {
          sse.close() // the SDK's callback thread is waiting for this emit; close must not deadlock
        }
      }

      publisher.join() // before the hub stops
      assertThat(got).startsWith("0", "1", "2")
      assertThat(sse.connectionStates().value.closeReason()).isEqualTo(CloseReason.CLOSED_BY_CALLER)
    }
  }
}
