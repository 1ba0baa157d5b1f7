package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.client.support.SseStreams;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue rule 1: one changed line turns an okhttp-sse app into a reconnecting, resuming one. */
class DropInTest {

  @StartStop
  final MockWebServer server = new MockWebServer();

  private final OkHttpClient http = new OkHttpClient();
  private final BlockingQueue<String> calls = new LinkedBlockingQueue<>();
  private EventSource source;

  private final EventSourceListener listener = new EventSourceListener() {
    @Override
    public void onOpen(EventSource eventSource, Response response) {
      calls.add("open " + response.code());
    }

    @Override
    public void onEvent(EventSource eventSource, String id, String type, String data) {
      calls.add("event " + id + " " + type + " " + data);
    }

    @Override
    public void onClosed(EventSource eventSource) {
      calls.add("closed");
    }

    @Override
    public void onFailure(EventSource eventSource, Throwable t, Response response) {
      calls.add("failure " + (t == null ? null : t.getClass().getSimpleName() + ": " + t.getMessage()));
    }
  };

  private EventSource open() {
    EventSource.Factory factory = SseEventSources.createFactory(http,
        SseConfig.builder().ackPolicy(AckPolicy.disabled())
            .reconnectPolicy(ReconnectPolicy.builder().initialDelayMillis(1).maxDelayMillis(5).build()).build());
    source = factory.newEventSource(new Request.Builder().url(server.url("/v1/sse"))
        .header("X-App", "demo").build(), listener);
    return source;
  }

  @AfterEach
  void close() {
    if (source != null) {
      source.cancel();
    }
  }

  private String next() throws InterruptedException {
    String call = calls.poll(10, TimeUnit.SECONDS);
    assertThat(call).as("a callback within 10 s").isNotNull();
    return call;
  }

  @Test
  void speaksEventSourceListenerAndReconnectsWithLastEventIdBetweenOpens() throws Exception {
    server.enqueue(SseStreams.ending("id: 1\nevent: order\ndata: a\n\n"));
    server.enqueue(SseStreams.open("id: 2\ndata: b\n\n"));
    open();
    assertThat(next()).isEqualTo("open 200");
    assertThat(next()).isEqualTo("event 1 order a");
    assertThat(next()).isEqualTo("open 200");
    assertThat(next()).isEqualTo("event 2 null b");
    RecordedRequest first = server.takeRequest();
    RecordedRequest second = server.takeRequest();
    assertThat(first.getHeaders().get("X-App")).isEqualTo("demo");
    assertThat(second.getHeaders().get("X-App")).isEqualTo("demo");
    assertThat(second.getHeaders().get("Last-Event-ID")).isEqualTo("1");
  }

  @Test
  void onClosedOnlyWhenTheServerSaysStopWith204() throws Exception {
    server.enqueue(SseStreams.ending("data: a\n\n"));
    server.enqueue(SseStreams.status(204, null));
    open();
    assertThat(next()).isEqualTo("open 200");
    assertThat(next()).isEqualTo("event null null a");
    assertThat(next()).isEqualTo("closed");
    source = null;
  }

  @Test
  void onFailureWhenItEndsForGoodWithAnError() throws Exception {
    server.enqueue(SseStreams.status(404, "{\"code\":\"NOT_FOUND\",\"message\":\"no such path\"}"));
    open();
    assertThat(next()).isEqualTo("failure SseHttpException: HTTP 404 NOT_FOUND: no such path");
    source = null;
  }

  @Test
  void cancelReportsCanceledLikeOkhttpSse() throws Exception {
    server.enqueue(SseStreams.open("data: a\n\n"));
    open();
    assertThat(next()).isEqualTo("open 200");
    assertThat(next()).isEqualTo("event null null a");
    source.cancel();
    assertThat(next()).isEqualTo("failure IOException: canceled");
    assertThat(source.request().url().encodedPath()).isEqualTo("/v1/sse");
    source = null;
  }
}
