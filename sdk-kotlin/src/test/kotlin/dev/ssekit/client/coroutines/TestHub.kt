package dev.ssekit.client.coroutines

import dev.ssekit.client.ReconnectPolicy
import dev.ssekit.client.SseConfig
import dev.ssekit.server.HubConfig
import dev.ssekit.server.SseTestServer
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration

/** The real reference hub on loopback, with an admin token for fault injection. */
class TestHub(config: HubConfig.Builder = HubConfig.builder()) : AutoCloseable {
  val server: SseTestServer =
    SseTestServer.start(config.adminToken(ADMIN).heartbeatInterval(Duration.ofMillis(200)).build())
  val hub = server.hub()
  val streamUrl: String = server.url().resolve("/v1/sse").toString()

  /** Posts a fault (PROTOCOL.md clause 20) and fails the test if the hub refuses it. */
  fun fault(json: String) {
    val request = HttpRequest.newBuilder(server.url().resolve("/v1/admin/faults"))
      .header("Authorization", "Bearer $ADMIN")
      .header("Content-Type", "application/json")
      .POST(HttpRequest.BodyPublishers.ofString(json))
      .build()
    val response = HTTP.send(request, HttpResponse.BodyHandlers.ofString())
    check(response.statusCode() == 200) { "fault refused: ${response.statusCode()} ${response.body()}" }
  }

  override fun close() = server.close()

  companion object {
    private const val ADMIN = "adm"
    private val HTTP: HttpClient = HttpClient.newHttpClient()

    /** Quick reconnects, so a cut costs milliseconds. */
    fun fastReconnects(): SseConfig.Builder = SseConfig.builder()
      .reconnectPolicy(ReconnectPolicy.builder().initialDelayMillis(5).maxDelayMillis(50).build())

    /** Live SDK threads (they are all named `ssekit-sse-...`). */
    fun sdkThreads(): List<String> =
      Thread.getAllStackTraces().keys.filter { it.isAlive && it.name.startsWith("ssekit-sse-") }.map { it.name }

    /** Where each live SDK thread is, for a failure message. */
    fun sdkThreadStacks(): String =
      Thread.getAllStackTraces().filter { (t, _) -> t.isAlive && t.name.startsWith("ssekit-sse-") }
        .entries.joinToString("\n", prefix = "SDK threads still alive:\n") { (t, stack) ->
          "${t.name} (${t.state})" + stack.joinToString("") { "\n    at $it" }
        }

  }
}
