package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.client.support.ClientOverMockServer;
import dev.ssekit.client.support.Recorder;
import dev.ssekit.client.support.SseStreams;
import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue rules 2 and 4: resume from the last processed event, drop duplicates, report gaps, survive restarts. */
class ResumeTest extends ClientOverMockServer {


  private SseClient start(SseConfig.Builder config, SseListener listener) {
    return start("/v1/sse",
        config.reconnectPolicy(ReconnectPolicy.builder().initialDelayMillis(5).maxDelayMillis(20).build()), listener);
  }

  @Test
  void anEventWhoseCallbackFailedOnceIsDeliveredAgainBeforeTheResumeIdMovesPastIt() throws Exception {
    server.enqueue(SseStreams.ending("id: 1\ndata: ok\n\nid: 2\ndata: ok\n\nid: 3\ndata: boom\n\n"));
    server.enqueue(SseStreams.open("id: 4\ndata: ok now\n\n"));
    Recorder app = new Recorder() {
      private boolean failedOnce;

      @Override
      public void onEvent(SseEvent event) {
        super.onEvent(event);
        if (event.data().equals("boom") && !failedOnce) {
          failedOnce = true;
          throw new IllegalStateException("the app failed on this one");
        }
      }
    };
    start(SseConfig.builder(), app);
    for (String line : new String[] {"event 1 message ok", "event 2 message ok", "event 3 message boom",
        "error SseCallbackException", "event 3 message boom", "event 4 message ok now"}) {
      assertThat(app.next(l -> l.startsWith("event") || l.startsWith("error SseCallback") || l.startsWith("poison")))
          .isEqualTo(line);
    }
    take();
    assertThat(take().getHeaders().get("Last-Event-ID")).isEqualTo("3");
    assertThat(app.drain()).noneMatch(l -> l.startsWith("poison"));
  }

  @Test
  void dropsEventsAServerThatDeclaresAReplayRepeatsThatTheAppAlreadyProcessed() {
    server.enqueue(SseStreams.ending("id: 1\ndata: a\n\nid: 2\ndata: b\n\n"));
    server.enqueue(SseStreams.open("id: 1\ndata: a\n\nid: 2\ndata: b\n\nid: 3\ndata: c\n\n"));
    start(SseConfig.builder().dropReplayedDuplicates(true), recorder);
    assertThat(recorder.nextEvent()).isEqualTo("event 1 message a");
    assertThat(recorder.nextEvent()).isEqualTo("event 2 message b");
    assertThat(recorder.nextEvent()).isEqualTo("event 3 message c");
    recorder.assertNoMoreEvents();
  }

  @Test
  void anIdOnlyBlockMovesTheResumeId() throws Exception {
    server.enqueue(SseStreams.ending("data: a\n\nid: 5\n\n"));
    server.enqueue(SseStreams.open(""));
    start(SseConfig.builder(), recorder);
    take();
    assertThat(take().getHeaders().get("Last-Event-ID")).isEqualTo("5");
  }

  @Test
  void theInitialLastEventIdIsSentOnTheFirstConnect() throws Exception {
    server.enqueue(SseStreams.open(""));
    start(SseConfig.builder().initialLastEventId("from-yesterday"), recorder);
    assertThat(take().getHeaders().get("Last-Event-ID")).isEqualTo("from-yesterday");
  }

  @Test
  void aFileStoreKeepsTheResumeIdAndClientIdAcrossRestarts(@TempDir Path dir) throws Exception {
    File file = dir.resolve("resume.properties").toFile();
    server.enqueue(SseStreams.open("event: connected\ndata: {\"client_id\":\"hub-made-7\",\"timestamp\":1}\n\n"
        + "id: 41\ndata: a\n\nid: 42\ndata: b\n\n"));
    start(SseConfig.builder().lastEventIdStore(LastEventIdStores.file(file)), recorder);
    recorder.next(l -> l.equals("event 42 message b"));
    org.awaitility.Awaitility.await().until(() -> "42".equals(client.lastEventId()));
    assertThat(client.clientId()).isEqualTo("hub-made-7");
    client.close();
    take();

    server.enqueue(SseStreams.open(""));
    Recorder second = new Recorder();
    start(SseConfig.builder().lastEventIdStore(LastEventIdStores.file(file.toPath())), second);
    RecordedRequest resumed = take();
    assertThat(resumed.getHeaders().get("Last-Event-ID")).isEqualTo("42");
    assertThat(resumed.getHeaders().get("X-Client-ID")).isEqualTo("hub-made-7");
  }

  @Test
  void theHubsClientIdIsAdoptedForLaterReconnects() throws Exception {
    server.enqueue(SseStreams.ending("event: connected\ndata: {\"client_id\":\"c-9\",\"timestamp\":1}\n\n"));
    server.enqueue(SseStreams.open(""));
    start(SseConfig.builder(), recorder);
    assertThat(take().getHeaders().get("X-Client-ID")).isNull();
    assertThat(take().getHeaders().get("X-Client-ID")).isEqualTo("c-9");
  }

  @Test
  void aStreamThatEndsBeforeItsFirstMessageResumesFromTheJoinPositionOfItsConnectedEvent() throws Exception {
    server.enqueue(SseStreams.ending(
        "event: connected\ndata: {\"client_id\":\"c-9\",\"timestamp\":1,\"last_event_id\":\"r-7\"}\n\n"));
    server.enqueue(SseStreams.open(""));
    start(SseConfig.builder(), recorder);
    assertThat(take().getHeaders().get("Last-Event-ID")).isNull();
    RecordedRequest resumed = take();
    assertThat(resumed.getHeaders().get("Last-Event-ID")).isEqualTo("r-7");
    assertThat(resumed.getHeaders().get("X-Client-ID")).isEqualTo("c-9");
    assertThat(client.lastEventId()).isEqualTo("r-7");
  }

  @Test
  void aNonAsciiJoinPositionGoesBackAsUtf8() throws Exception {
    server.enqueue(SseStreams.ending(
        "event: connected\ndata: {\"client_id\":\"c-9\",\"timestamp\":1,\"last_event_id\":\"café-☕-7\"}\n\n"));
    server.enqueue(SseStreams.open(""));
    start(SseConfig.builder(), recorder);
    take();
    assertThat(take().getHeaders().get("Last-Event-ID")).isEqualTo("café-☕-7");
  }

  @Test
  void aJoinPositionThatCouldSplitAHeaderIsIgnored() throws Exception {
    server.enqueue(SseStreams.ending(
        "event: connected\ndata: {\"client_id\":\"c-9\",\"timestamp\":1,\"last_event_id\":\"r-1\\r\\nX-Evil: 1\"}\n\n"));
    server.enqueue(SseStreams.open(""));
    start(SseConfig.builder(), recorder);
    take();
    RecordedRequest resumed = take();
    assertThat(resumed.getHeaders().get("Last-Event-ID")).isNull();
    assertThat(resumed.getHeaders().get("X-Evil")).isNull();
    assertThat(client.lastEventId()).isNull();
  }

  @Test
  void aJoinPositionNeverReplacesAnIdTheClientAlreadyHas() throws Exception {
    server.enqueue(SseStreams.ending(
        "event: connected\ndata: {\"client_id\":\"c-9\",\"timestamp\":1,\"last_event_id\":\"r-7\"}\n\n"));
    server.enqueue(SseStreams.open(""));
    start(SseConfig.builder().initialLastEventId("from-yesterday"), recorder);
    assertThat(take().getHeaders().get("Last-Event-ID")).isEqualTo("from-yesterday");
    assertThat(take().getHeaders().get("Last-Event-ID")).isEqualTo("from-yesterday");
  }

  @Test
  void aGapReachesTheAppAsAGapCallback() {
    server.enqueue(SseStreams.open("event: gap\ndata: {\"last_event_id\":\"old\",\"oldest_available_id\":\"r-5\"}\n\n"
        + "id: r-5\ndata: kept\n\n"));
    start(SseConfig.builder(), recorder);
    assertThat(recorder.next(l -> l.startsWith("gap"))).isEqualTo("gap old r-5");
    assertThat(recorder.nextEvent()).startsWith("event null gap {");
    assertThat(recorder.nextEvent()).isEqualTo("event r-5 message kept");
  }

  @Test
  void heartbeatsGoToOnHeartbeatAndNotToOnEvent() {
    server.enqueue(SseStreams.open("event: heartbeat\ndata: {\"timestamp\":1}\n\ndata: real\n\n"));
    start(SseConfig.builder(), recorder);
    assertThat(recorder.next(l -> l.startsWith("heartbeat") || l.startsWith("event"))).isEqualTo("heartbeat");
    assertThat(recorder.nextEvent()).isEqualTo("event null message real");
  }

  @Test
  void aByteOrderMarkSplitAcrossNetworkReadsIsStripped() {
    Buffer body = new Buffer().write(okio.ByteString.decodeHex("efbbbf")).writeUtf8("data: first\r\rdata: second\r\n\r\n");
    server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream")
        .body(body).throttleBody(1, 2, TimeUnit.MILLISECONDS)
        .onResponseEnd(SocketEffect.Stall.INSTANCE).build());
    start(SseConfig.builder(), recorder);
    assertThat(recorder.nextEvent()).isEqualTo("event null message first");
    assertThat(recorder.nextEvent()).isEqualTo("event null message second");
  }

  @Test
  void commentsReachTheListener() {
    server.enqueue(SseStreams.open(": keep-alive\n\n"));
    start(SseConfig.builder(), recorder);
    assertThat(recorder.next(l -> l.startsWith("comment"))).isEqualTo("comment  keep-alive");
  }
}
