package dev.ssekit.client.coroutines

import dev.ssekit.client.ConnectionState
import dev.ssekit.client.LastEventIdStore
import dev.ssekit.client.SseCallbackException
import dev.ssekit.client.SseException
import dev.ssekit.client.SseEvent
import dev.ssekit.client.SseListener
import dev.ssekit.server.Message
import java.time.Duration
import java.util.concurrent.CopyOnWriteArrayList
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.runTest
import org.assertj.core.api.Assertions.assertThat
import org.assertj.core.api.Assertions.assertThatThrownBy
import org.awaitility.Awaitility.await
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

/** `SseFlowClient.events<T>(type)`: decoding through the client's decoder, and what does not decode. */
@Timeout(60)
class TypedEventsFlowTest {

  /** A payload type as the default ObjectMapper can build it (a no-argument constructor and setters). */
  class Order {
    var item: String = ""
    var quantity: Int = 0
  }

  private val hub = TestHub()

  private class MemoryStore : LastEventIdStore {
    @Volatile var last: String? = null
    override fun lastEventId(): String? = last
    override fun saveLastEventId(id: String) { last = id }
    override fun clientId(): String? = null
    override fun saveClientId(clientId: String) {}
  }

  @AfterEach
  fun stopHub() {
    hub.close()
    await().atMost(Duration.ofSeconds(10)).untilAsserted { assertThat(TestHub.sdkThreads()).`as`(java.util.function.Supplier { TestHub.sdkThreadStacks() }).isEmpty() }
  }

  @Test
  fun decodesOnlyTheNamedTypeIntoTheTargetClassInOrder() = runTest(timeout = 30.seconds) {
    val sse = SseFlowClient(hub.streamUrl)
    launch(Dispatchers.Default) {
      sse.connectionStates().first { it.kind() == ConnectionState.Kind.OPEN }
      hub.hub.broadcast(Message.of("order", mapOf("item" to "tea", "quantity" to 1)))
      hub.hub.broadcast(Message.of("price", mapOf("item" to "tea", "quantity" to 99)))
      hub.hub.broadcast(Message.of("order", mapOf("item" to "čaj ☕", "quantity" to 2)))
    }

    val orders = sse.events<Order>("order").take(2).toList()

    assertThat(orders.map { it.item to it.quantity }).containsExactly("tea" to 1, "čaj ☕" to 2)
  }

  @Test
  fun anEventThatDoesNotDecodeIsReportedAndSkippedWithoutEndingTheFlow() = runTest(timeout = 30.seconds) {
    val errors = CopyOnWriteArrayList<SseException>()
    val sse = SseFlowClient(hub.streamUrl, listener = object : SseListener {
      override fun onEvent(event: SseEvent) {}

      override fun onError(error: SseException) {
        errors.add(error)
      }
    })
    launch(Dispatchers.Default) {
      sse.connectionStates().first { it.kind() == ConnectionState.Kind.OPEN }
      hub.hub.broadcast(Message.of("order", "not json"))
      hub.hub.broadcast(Message.of("order", "null"))
      hub.hub.broadcast(Message.of("order", mapOf("item" to "tea", "quantity" to 3)))
    }

    val first = sse.events<Order>("order").first()

    assertThat(first.quantity).isEqualTo(3)
    assertThat(errors).hasSize(2).allMatch { it is SseCallbackException }
    assertThat(errors[0].message).contains("cannot decode", "Order")
    assertThat(errors[1].cause).hasMessageContaining("JSON null")
  }

  @Test
  fun anEventThatDoesNotDecodeIsGivenUpOnceAndCountsAsProcessed() = runTest(timeout = 30.seconds) {
    val store = MemoryStore()
    val errors = CopyOnWriteArrayList<SseException>()
    val poisoned = CopyOnWriteArrayList<String>()
    val sse = SseFlowClient(hub.streamUrl, TestHub.fastReconnects().lastEventIdStore(store).build(),
      listener = object : SseListener {
        override fun onEvent(event: SseEvent) {}

        override fun onError(error: SseException) {
          errors.add(error)
        }

        override fun onPoisonEvent(event: SseEvent, lastError: SseException) {
          poisoned.add(event.id())
        }
      })
    val ids = CopyOnWriteArrayList<String>()
    val publishing = launch(Dispatchers.Default) {
      sse.connectionStates().first { it.kind() == ConnectionState.Kind.OPEN }
      ids.add(hub.hub.broadcast(Message.of("order", "null")))
      ids.add(hub.hub.broadcast(Message.of("order", "[1, 2]")))
      ids.add(hub.hub.broadcast(Message.of("order", mapOf("item" to "tea", "quantity" to 4))))
    }

    val first = sse.events<Order>("order").first()
    publishing.join() // the last id is added once broadcast() returned, which may be after the event arrived

    assertThat(first.quantity).isEqualTo(4)
    assertThat(poisoned).containsExactly(ids[0], ids[1])
    assertThat(errors.map { (it as SseCallbackException).event().id() }).containsExactly(ids[0], ids[1])
    assertThat(store.last).isEqualTo(ids[2])
  }

  @Test
  fun anEventTypeNoEventCouldHaveIsRefusedWithAClearError() {
    val sse = SseFlowClient(hub.streamUrl)

    for (type in listOf("", "order\n", "a\rb", "\r\n")) {
      assertThatThrownBy { sse.events<Order>(type) }
        .isInstanceOf(IllegalArgumentException::class.java)
        .hasMessageContaining("non-empty line")
    }
  }

  @Test
  fun aGenericTargetTypeIsRefusedWithAClearError() {
    val sse = SseFlowClient(hub.streamUrl)

    assertThatThrownBy { sse.events<List<Order>>("orders") }
      .isInstanceOf(IllegalArgumentException::class.java)
      .hasMessageContaining("generic type java.util.List")
    assertThat(TestHub.sdkThreads()).`as`(java.util.function.Supplier { TestHub.sdkThreadStacks() }).isEmpty()
  }
}
