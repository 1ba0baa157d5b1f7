package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.client.support.ClientOverMockServer;
import dev.ssekit.client.support.RawServer;
import dev.ssekit.client.support.SseStreams;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 9 rules 1 and 2: the last event ID follows WHATWG exactly (an empty {@code id:} resets it, with or without
 * data) and goes back to the server as UTF-8, whatever characters it has.
 */
class LastEventIdTest extends ClientOverMockServer {

  private static final ReconnectPolicy FAST = ReconnectPolicy.builder().initialDelayMillis(5).maxDelayMillis(20).build();

  @ParameterizedTest
  @ValueSource(strings = {"café-1", "\uD83C\uDF89-2", "…", "ä/ö/ü ß 中文 #3", "a\tb"})
  void anIdWithAnyCharacterGoesBackAsUtf8OnReconnect(String id) throws Exception {
    AtomicInteger connections = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(1);
    try (RawServer raw = new RawServer((request, out) -> {
      RawServer.streamHead(out);
      if (connections.incrementAndGet() == 1) {
        out.write(("id: " + id + "\ndata: first\n\n").getBytes(StandardCharsets.UTF_8));
        return false; // ends the stream: the client reconnects
      }
      done.await(10, TimeUnit.SECONDS);
      return false;
    })) {
      SseClient c = SseClient.builder(raw.url("/v1/sse"))
          .config(SseConfig.builder().ackPolicy(AckPolicy.disabled()).reconnectPolicy(FAST).build())
          .listener(recorder).build();
      client = c;
      c.start();
      assertThat(recorder.nextEvent()).isEqualTo("event " + id + " message first");
      raw.take();
      RawServer.Request second = raw.take();
      done.countDown();
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      expected.write(("\r\nLast-Event-ID: " + id + "\r\n").getBytes(StandardCharsets.UTF_8));
      assertThat(indexOf(second.head, expected.toByteArray())).isNotNegative();
      assertThat(c.state().kind()).isNotEqualTo(ConnectionState.Kind.CLOSED);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"café-0", "\uD83D\uDE80"})
  void aNonAsciiInitialIdIsSentOnTheFirstConnect(String id) throws Exception {
    server.enqueue(SseStreams.open(""));
    start("/v1/sse", SseConfig.builder().initialLastEventId(id), recorder);
    assertThat(take().getHeaders().get("Last-Event-ID")).isEqualTo(id);
    recorder.nextState("OPEN");
  }

  @ParameterizedTest
  @ValueSource(strings = {"id: 5\ndata: a\n\nid\ndata: b\n\n", "id: 5\ndata: a\n\nid:\ndata: b\n\n",
      "id: 5\ndata: a\n\nid:\n\n", "id: 5\ndata: a\n\nid\n\n", "id: 5\r\ndata: a\r\n\r\nid:\r\ndata: b\r\n\r\n"})
  void anEmptyIdResetsTheLastEventIdWithOrWithoutData(String stream) throws Exception {
    server.enqueue(SseStreams.ending(stream));
    server.enqueue(SseStreams.open(""));
    start("/v1/sse", SseConfig.builder().reconnectPolicy(FAST), recorder);
    assertThat(recorder.nextEvent()).isEqualTo("event 5 message a");
    take();
    RecordedRequest second = take();
    assertThat(second.getHeaders().get("Last-Event-ID")).isNull();
    assertThat(client.lastEventId()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"id: 5\ndata: a\n\ndata: b\n\n", "id: 5\ndata: a\n\n: comment\n\ndata: b\n\n"})
  void anEventWithoutAnIdKeepsTheLastOne(String stream) throws Exception {
    server.enqueue(SseStreams.ending(stream));
    server.enqueue(SseStreams.open(""));
    start("/v1/sse", SseConfig.builder().reconnectPolicy(FAST), recorder);
    assertThat(recorder.nextEvent()).isEqualTo("event 5 message a");
    assertThat(recorder.nextEvent()).isEqualTo("event 5 message b");
    take();
    assertThat(take().getHeaders().get("Last-Event-ID")).isEqualTo("5");
    assertThat(client.lastEventId()).isEqualTo("5");
  }

  @ParameterizedTest
  @ValueSource(strings = {"id: 5\ndata: a\n\nid:\ndata: b\n\nid: 6\ndata: c\n\n", "id: 5\ndata: a\n\nid:\n\nid: 6\n\n"})
  void anIdAfterAResetIsSentAgain(String stream) throws Exception {
    server.enqueue(SseStreams.ending(stream));
    server.enqueue(SseStreams.open(""));
    start("/v1/sse", SseConfig.builder().reconnectPolicy(FAST), recorder);
    take();
    assertThat(take().getHeaders().get("Last-Event-ID")).isEqualTo("6");
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
