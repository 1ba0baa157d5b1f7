package dev.ssekit.client.coroutines

import dev.ssekit.server.Message
import java.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.runTest
import org.assertj.core.api.Assertions.assertThat
import org.awaitility.Awaitility.await
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

/**
 * Issue 18, item 3: the README's `events<Order>("order")` works with a Kotlin `data class` out of the box —
 * constructor parameters, default values and nullability — and unknown JSON fields are still ignored.
 */
@Timeout(60)
class KotlinClassesDecodeTest {

  data class Order(val item: String, val quantity: Int = 1, val note: String? = null)

  private val hub = TestHub()

  @AfterEach
  fun stopHub() {
    hub.close()
    await().atMost(Duration.ofSeconds(10)).untilAsserted { assertThat(TestHub.sdkThreads()).isEmpty() }
  }

  @Test
  fun aDataClassWithDefaultsAndNullablesDecodesWithTheDefaultConfig() = runTest(timeout = 30.seconds) {
    val sse = SseFlowClient(hub.streamUrl)
    launch(Dispatchers.Default) {
      sse.connectionStates().first { it.isOpen }
      hub.hub.broadcast(Message.of("order", mapOf("item" to "tea", "quantity" to 2, "note" to "hot")))
      hub.hub.broadcast(Message.of("order", mapOf("item" to "čaj ☕")))
      hub.hub.broadcast(Message.of("order", mapOf("item" to "cake", "added_by_the_server_later" to true)))
    }
    val orders = sse.events<Order>("order").take(3).toList()
    assertThat(orders).containsExactly(Order("tea", 2, "hot"), Order("čaj ☕"), Order("cake"))
  }
}
