package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssekit.client.support.ClientOverMockServer;
import dev.ssekit.client.support.SseStreams;
import mockwebserver3.MockResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, item 7: inputs are checked where they enter. Content-Type as an RFC 9110 media type; ids that
 * could not go back as {@code Last-Event-ID} (over 1,024 bytes, CR, LF, NUL), from the wire or a store, are
 * reported and not sent while the client keeps working; a token HTTP cannot carry is refused at build time.
 */
class InputsAreCheckedTest extends ClientOverMockServer {

  private static final ReconnectPolicy FAST = ReconnectPolicy.builder().initialDelayMillis(5).maxDelayMillis(20).build();

  @ParameterizedTest
  @ValueSource(strings = {"text/event-stream", "text/event-stream ; charset=utf-8", "TEXT/Event-Stream",
      "text/event-stream;charset=\"UTF-8\"", "text/event-stream\t;\tcharset=utf-8", "Text/Event-Stream; q=1"})
  void everyMediaTypeSpellingOfTextEventStreamIsAccepted(String contentType) {
    server.enqueue(new MockResponse.Builder().setHeader("Content-Type", contentType).body("data: in\n\n").build());
    start("/v1/sse", SseConfig.builder(), recorder);
    assertThat(recorder.nextEvent()).isEqualTo("event null message in");
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/event-streams", "text/plain", "text/event-stream-x; charset=utf-8", "text/",
      "event-stream", "application/json"})
  void otherMediaTypesStopTheClientWithWrongContentType(String contentType) {
    server.enqueue(new MockResponse.Builder().setHeader("Content-Type", contentType).body("data: in\n\n").build());
    start("/v1/sse", SseConfig.builder(), recorder);
    assertThat(recorder.nextState("CLOSED")).startsWith("state CLOSED(WRONG_CONTENT_TYPE");
  }

  private static String repeat(char c, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(c);
    }
    return sb.toString();
  }

  @Test
  void aReceivedIdTooLongToSendBackIsDeliveredReportedAndNotSentAndTheClientKeepsWorking() throws Exception {
    String longId = repeat('i', 16 * 1024);
    server.enqueue(SseStreams.ending("id: " + longId + "\ndata: a\n\n"));
    server.enqueue(SseStreams.ending("data: b\n\n"));
    server.enqueue(SseStreams.open("id: 3\ndata: c\n\n"));
    start("/v1/sse", SseConfig.builder().reconnectPolicy(FAST), recorder);
    assertThat(recorder.nextEvent()).isEqualTo("event " + longId + " message a");
    assertThat(recorder.nextEvent()).startsWith("event " + longId + " message b");
    assertThat(recorder.nextEvent()).isEqualTo("event 3 message c");
    take();
    assertThat(take().getHeaders().get("Last-Event-ID")).isNull();
    assertThat(take().getHeaders().get("Last-Event-ID")).isNull();
    assertThat(recorder.errors).filteredOn(e -> e instanceof SseProtocolException).hasSize(1)
        .allSatisfy(e -> assertThat(e.getMessage()).doesNotContain("iiii"));
  }

  @Test
  void anIdOfExactlyTheLimitIsSentBack() throws Exception {
    String id = repeat('é', 512); // 1,024 bytes in UTF-8
    server.enqueue(SseStreams.ending("id: " + id + "\ndata: a\n\n"));
    server.enqueue(SseStreams.open(""));
    start("/v1/sse", SseConfig.builder().reconnectPolicy(FAST), recorder);
    recorder.nextEvent();
    take();
    assertThat(take().getHeaders().get("Last-Event-ID")).isEqualTo(id);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\r\nInjected: yes", "a\nb", "a\rb", "a\u0000b", "LONG"})
  void anUnsafeIdFromTheStoreIsReportedAndNotSentAndTheStreamWorks(String stored) throws Exception {
    String id = stored.equals("LONG") ? repeat('s', 2000) : stored;
    LastEventIdStore store = new LastEventIdStore() {
      @Override
      public String lastEventId() {
        return id;
      }

      @Override
      public void saveLastEventId(String saved) {}

      @Override
      public String clientId() {
        return null;
      }

      @Override
      public void saveClientId(String clientId) {}
    };
    server.enqueue(SseStreams.open("id: 1\ndata: in\n\n"));
    start("/v1/sse", SseConfig.builder().lastEventIdStore(store), recorder);
    assertThat(recorder.nextEvent()).isEqualTo("event 1 message in");
    assertThat(take().getHeaders().get("Last-Event-ID")).isNull();
    assertThat(recorder.errors).filteredOn(e -> e instanceof SseProtocolException).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"s3cr\r\nt", "s3cr\nt", "s3cr\u0000t", "s3crét", "s3cr\u007ft"})
  void aTokenThatAnHttpHeaderCannotCarryIsRefusedAtBuildTimeWithoutQuotingIt(String token) {
    assertThatThrownBy(() -> SseConfig.builder().token(token).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("s3cr");
    assertThatThrownBy(() -> SseClient.builder("http://localhost/v1/sse").token(token).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("s3cr");
  }

  @Test
  void aQueryTokenMayHoldAnyCharacterSinceTheUrlEncodesIt() {
    assertThat(SseConfig.builder().token("tökén").authMode(AuthMode.QUERY).build().authMode())
        .isEqualTo(AuthMode.QUERY);
  }
}
