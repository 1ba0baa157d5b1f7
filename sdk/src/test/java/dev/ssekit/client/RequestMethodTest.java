package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssekit.client.support.ClientOverMockServer;
import dev.ssekit.client.support.Recorder;
import dev.ssekit.client.support.SseStreams;
import java.io.IOException;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okio.BufferedSink;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Issue 9 rule 6: a stream requested with a method and a body sends both, unchanged, on every reconnect. */
class RequestMethodTest extends ClientOverMockServer {

  private static final ReconnectPolicy FAST = ReconnectPolicy.builder().initialDelayMillis(1).maxDelayMillis(5).build();
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private void enqueueThreeConnections() {
    server.enqueue(SseStreams.ending("id: 1\ndata: a\n\n"));
    server.enqueue(SseStreams.status(503, null));
    server.enqueue(SseStreams.open("id: 2\ndata: b\n\n"));
  }

  private void assertEveryRequest(String method, String body, String contentType) throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      RecordedRequest r = take();
      assertThat(r.getMethod()).isEqualTo(method);
      assertThat(r.getBody().utf8()).isEqualTo(body);
      assertThat(r.getHeaders().get("Content-Type")).isEqualTo(contentType);
      assertThat(r.getHeaders().get("Last-Event-ID")).isEqualTo(i == 0 ? null : "1");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "REPORT", "PUT", "PATCH", "QUERY"})
  void theMethodAndBodyGoOutOnEveryReconnect(String method) throws Exception {
    enqueueThreeConnections();
    String body = "{\"topics\":[\"orders\",\"ünïcode\"]}";
    start("/v1/sse", SseConfig.builder().reconnectPolicy(FAST).method(method, RequestBody.create(body, JSON)), recorder);
    assertThat(recorder.next(l -> l.startsWith("event 2"))).isEqualTo("event 2 message b");
    assertEveryRequest(method, body, "application/json; charset=utf-8");
  }

  @Test
  void anEmptyBodyIsSentToo() throws Exception {
    enqueueThreeConnections();
    start("/v1/sse", SseConfig.builder().reconnectPolicy(FAST).method("POST", RequestBody.create(new byte[0])), recorder);
    assertThat(recorder.next(l -> l.startsWith("event 2"))).isEqualTo("event 2 message b");
    for (int i = 0; i < 3; i++) {
      RecordedRequest r = take();
      assertThat(r.getMethod()).isEqualTo("POST");
      assertThat(r.getBodySize()).isZero();
    }
  }

  @Test
  void theDropInFactoryKeepsTheRequestsMethodBodyAndEveryHeaderValue() throws Exception {
    enqueueThreeConnections();
    Recorder calls = new Recorder();
    EventSource.Factory factory = SseEventSources.createFactory(new OkHttpClient(),
        SseConfig.builder().ackPolicy(AckPolicy.disabled()).reconnectPolicy(FAST).build());
    String body = "{\"query\":\"x\"}";
    Request request = new Request.Builder().url(server.url("/v1/sse"))
        .method("REPORT", RequestBody.create(body, JSON))
        .addHeader("X-Tag", "one").addHeader("X-Tag", "two").build();
    java.util.concurrent.BlockingQueue<String> events = new java.util.concurrent.LinkedBlockingQueue<>();
    EventSource source = factory.newEventSource(request, new EventSourceListener() {
      @Override
      public void onEvent(EventSource s, String id, String type, String data) {
        events.add(id + " " + data);
      }
    });
    try {
      assertThat(events.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("1 a");
      assertThat(events.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("2 b");
      for (int i = 0; i < 3; i++) {
        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("REPORT");
        assertThat(r.getBody().utf8()).isEqualTo(body);
        assertThat(r.getHeaders().values("X-Tag")).containsExactly("one", "two");
      }
    } finally {
      source.cancel();
    }
  }

  @Test
  void aBodyThatCannotBeSentTwiceIsRefusedUpFront() {
    RequestBody oneShot = new RequestBody() {
      @Override
      public MediaType contentType() {
        return JSON;
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        sink.writeUtf8("{}");
      }

      @Override
      public boolean isOneShot() {
        return true;
      }
    };
    assertThatThrownBy(() -> SseConfig.builder().method("POST", oneShot))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one-shot");
    EventSource.Factory factory = SseEventSources.createFactory(new OkHttpClient());
    Request request = new Request.Builder().url(server.url("/v1/sse")).post(oneShot).build();
    assertThatThrownBy(() -> factory.newEventSource(request, new EventSourceListener() {}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one-shot");
  }

  @Test
  void aMethodThatCannotCarryTheBodyIsRefusedUpFront() {
    assertThatThrownBy(() -> SseConfig.builder().method("GET", RequestBody.create("x", JSON)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GET");
    assertThatThrownBy(() -> SseConfig.builder().method("POST", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("POST");
    assertThatThrownBy(() -> SseConfig.builder().method("", null)).isInstanceOf(IllegalArgumentException.class);
  }
}
