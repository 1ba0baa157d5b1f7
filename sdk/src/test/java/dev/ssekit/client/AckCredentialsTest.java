package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssekit.client.support.RawServer;
import dev.ssekit.client.support.Recorder;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, item 4: an ack carries the credentials and custom headers of the stream, however they were given
 * (a token, {@code header(...)}, the drop-in's {@code Request}); an ack refused with 401/403 is reported once
 * and asks the {@code TokenProvider} for a fresh token.
 */
class AckCredentialsTest {

  private static final String STREAM = "event: connected\ndata: {\"client_id\":\"c-1\"}\n\nid: 1\ndata: a\n\n";

  /** A hub-like server: the stream on /v1/sse, acks on /v1/sse/ack answered by {@code ackStatus}. */
  private static RawServer hub(BlockingQueue<RawServer.Request> acks, Function<RawServer.Request, Integer> ackStatus)
      throws Exception {
    return new RawServer((request, out) -> {
      if (request.path.startsWith("/v1/sse/ack")) {
        acks.add(request);
        int code = ackStatus.apply(request);
        write(out, "HTTP/1.1 " + code + " X\r\nContent-Length: 0\r\n\r\n");
        return true;
      }
      RawServer.streamHead(out);
      write(out, STREAM);
      request.awaitClientClose();
      return false;
    });
  }

  private static void write(OutputStream out, String s) throws java.io.IOException {
    out.write(s.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static RawServer.Request nextAck(BlockingQueue<RawServer.Request> acks) throws InterruptedException {
    RawServer.Request r = acks.poll(10, TimeUnit.SECONDS);
    assertThat(r).as("an ack within 10 s").isNotNull();
    return r;
  }

  @Test
  void anAckCarriesTheAuthorizationAndCustomHeadersGivenWithHeader() throws Exception {
    BlockingQueue<RawServer.Request> acks = new LinkedBlockingQueue<>();
    Recorder app = new Recorder();
    try (RawServer server = hub(acks, r -> 200); SseClient client = SseClient.builder(server.url("/v1/sse"))
        .header("Authorization", "Bearer from-header").header("X-Gateway-Key", "k-1")
        .ackPolicy(AckPolicy.batched(1, 10)).listener(app).build()) {
      client.start();
      RawServer.Request ack = nextAck(acks);
      assertThat(ack.header("Authorization")).isEqualTo("Bearer from-header");
      assertThat(ack.header("X-Gateway-Key")).isEqualTo("k-1");
      assertThat(ack.header("Last-Event-ID")).isNull();
      assertThat(ack.bodyUtf8()).contains("\"last_event_id\":\"1\"");
    }
  }

  @Test
  void anAckFromTheDropInCarriesTheRequestsHeaders() throws Exception {
    BlockingQueue<RawServer.Request> acks = new LinkedBlockingQueue<>();
    OkHttpClient http = new OkHttpClient();
    try (RawServer server = hub(acks, r -> 200)) {
      EventSource source = SseEventSources.createFactory(http, SseConfig.builder().ackPolicy(AckPolicy.batched(1, 10))
          .build()).newEventSource(new Request.Builder().url(server.url("/v1/sse"))
          .header("Authorization", "Bearer in-request").header("X-Gateway-Key", "k-2").build(),
          new EventSourceListener() {});
      try {
        RawServer.Request ack = nextAck(acks);
        assertThat(ack.header("Authorization")).isEqualTo("Bearer in-request");
        assertThat(ack.header("X-Gateway-Key")).isEqualTo("k-2");
      } finally {
        source.cancel();
      }
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  @Test
  void anAckRefusedWith401IsReportedOnceAndAsksTheTokenProviderForAFreshToken() throws Exception {
    BlockingQueue<RawServer.Request> acks = new LinkedBlockingQueue<>();
    AtomicInteger refreshes = new AtomicInteger();
    Recorder app = new Recorder();
    try (RawServer server = hub(acks, r -> "Bearer fresh".equals(r.header("Authorization")) ? 200 : 401);
        SseClient client = SseClient.builder(server.url("/v1/sse")).tokenProvider(new TokenProvider() {
          @Override
          public String token() {
            return refreshes.get() == 0 ? "old" : "fresh";
          }

          @Override
          public String refreshToken() {
            refreshes.incrementAndGet();
            return "fresh";
          }
        }).ackPolicy(AckPolicy.batched(1, 10)).listener(app).build()) {
      client.start();
      await().atMost(Duration.ofSeconds(20)).until(() -> "1".equals(client.lastAckedId()));
      assertThat(refreshes.get()).isGreaterThanOrEqualTo(1);
      assertThat(app.errors).filteredOn(e -> e.getMessage().contains("ack")).hasSize(1);
    }
  }
}
