package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.client.support.ClientOverMockServer;
import dev.ssekit.client.support.SseStreams;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;

/** Issue rule 3: when the client reconnects, how long it waits, and when it stops for good. */
class ReconnectTest extends ClientOverMockServer {


  private static final ReconnectPolicy FAST =
      ReconnectPolicy.builder().initialDelayMillis(10).maxDelayMillis(50).build();

  private SseClient start(SseConfig.Builder config) {
    return start("/v1/sse", config, recorder);
  }

  private SseClient start() {
    return start(SseConfig.builder().reconnectPolicy(FAST));
  }

  @Test
  void reconnectsAfterACleanEndOfStreamAndSendsTheLastEventId() throws Exception {
    server.enqueue(SseStreams.ending("id: 1\ndata: a\n\n"));
    server.enqueue(SseStreams.open("id: 2\ndata: b\n\n"));
    start();
    assertThat(recorder.nextEvent()).isEqualTo("event 1 message a");
    assertThat(recorder.nextEvent()).isEqualTo("event 2 message b");
    assertThat(take().getHeaders().get("Last-Event-ID")).isNull();
    RecordedRequest second = take();
    assertThat(second.getHeaders().get("Last-Event-ID")).isEqualTo("1");
    assertThat(second.getHeaders().get("Accept")).isEqualTo("text/event-stream");
    assertThat(second.getHeaders().get("Cache-Control")).isEqualTo("no-cache");
  }

  @Test
  void reconnectsAfterANetworkErrorInTheMiddleOfAnEvent() throws Exception {
    server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream")
        .body("id: 1\ndata: a\n\nid: 2\ndata: par")
        .onResponseEnd(new SocketEffect.CloseSocket(true, false, false))
        .build());
    server.enqueue(SseStreams.open("id: 2\ndata: whole\n\n"));
    start();
    assertThat(recorder.nextEvent()).isEqualTo("event 1 message a");
    assertThat(recorder.nextEvent()).isEqualTo("event 2 message whole");
    take();
    assertThat(take().getHeaders().get("Last-Event-ID")).isEqualTo("1");
  }

  @Test
  void retriesOn5xxAnd429HonouringRetryAfter() throws Exception {
    server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "2").build());
    server.enqueue(SseStreams.status(500, null));
    server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "0").build());
    server.enqueue(SseStreams.open("data: finally\n\n"));
    start(SseConfig.builder().reconnectPolicy(FAST));
    String first = recorder.nextState("RECONNECTING");
    assertThat(recorder.states).filteredOn(s -> s.kind() == ConnectionState.Kind.RECONNECTING)
        .first().satisfies(s -> assertThat(s.delayMillis()).isGreaterThanOrEqualTo(2000));
    assertThat(first).contains("attempt 1");
    assertThat(recorder.nextEvent()).isEqualTo("event null message finally");
    assertThat(recorder.errors).hasAtLeastOneElementOfType(SseConnectionException.class);
    assertThat(((SseConnectionException) recorder.errors.get(0)).status()).isEqualTo(503);
  }

  @Test
  void stopsForGoodOn204() throws Exception {
    server.enqueue(SseStreams.status(204, null));
    start();
    assertThat(recorder.nextState("CLOSED")).isEqualTo("state CLOSED(CLOSED_BY_SERVER)");
    assertThat(client.state().closeReason()).isEqualTo(CloseReason.CLOSED_BY_SERVER);
    take();
    assertThat(server.takeRequest(300, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void stopsForGoodOnOther4xxWithTheHubsErrorBody() throws Exception {
    server.enqueue(SseStreams.status(404, "{\"code\":\"NOT_FOUND\",\"message\":\"no such path\"}"));
    start();
    recorder.nextState("CLOSED");
    ConnectionState closed = client.state();
    assertThat(closed.closeReason()).isEqualTo(CloseReason.HTTP_ERROR);
    SseHttpException error = (SseHttpException) closed.error();
    assertThat(error.status()).isEqualTo(404);
    assertThat(error.code()).isEqualTo("NOT_FOUND");
    assertThat(error.serverMessage()).isEqualTo("no such path");
    assertThat(recorder.errors).contains(error);
  }

  @Test
  void stopsForGoodOnAContentTypeThatIsNotEventStream() {
    server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body("{}").build());
    start();
    recorder.nextState("CLOSED");
    assertThat(client.state().closeReason()).isEqualTo(CloseReason.WRONG_CONTENT_TYPE);
    assertThat(client.state().error()).hasMessageContaining("text/event-stream");
  }

  @Test
  void acceptsEventStreamWithParameters() {
    server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream; charset=utf-8")
        .body("data: ok\n\n").onResponseEnd(SocketEffect.Stall.INSTANCE).build());
    start();
    assertThat(recorder.nextEvent()).isEqualTo("event null message ok");
  }

  @Test
  void on401AsksForAFreshTokenAndRetriesOnceThenStops() throws Exception {
    server.enqueue(SseStreams.status(401, "{\"code\":\"UNAUTHORIZED\",\"message\":\"Missing token/api-key\"}"));
    server.enqueue(SseStreams.status(401, null));
    AtomicInteger refreshes = new AtomicInteger();
    start(SseConfig.builder().reconnectPolicy(FAST).tokenProvider(new TokenProvider() {
      @Override
      public String token() {
        return "stale";
      }

      @Override
      public String refreshToken() {
        return "fresh-" + refreshes.incrementAndGet();
      }
    }));
    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer stale");
    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer fresh-1");
    recorder.nextState("CLOSED");
    assertThat(client.state().closeReason()).isEqualTo(CloseReason.AUTH_FAILED);
    assertThat(((SseHttpException) client.state().error()).status()).isEqualTo(401);
    assertThat(refreshes).hasValue(1);
  }

  @Test
  void on403AsksForAFreshTokenOnceThenStops() throws Exception {
    server.enqueue(SseStreams.status(403, "{\"code\":\"FORBIDDEN\",\"message\":\"Invalid or expired token/api-key\"}"));
    server.enqueue(SseStreams.status(403, "{\"code\":\"FORBIDDEN\",\"message\":\"Invalid or expired token/api-key\"}"));
    start(SseConfig.builder().reconnectPolicy(FAST).token("bad"));
    recorder.nextState("CLOSED");
    assertThat(client.state().closeReason()).isEqualTo(CloseReason.AUTH_FAILED);
    assertThat(((SseHttpException) client.state().error()).code()).isEqualTo("FORBIDDEN");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void on403ARefreshedTokenOpensTheStream() throws Exception {
    server.enqueue(SseStreams.status(403, "{\"code\":\"FORBIDDEN\",\"message\":\"Invalid or expired token/api-key\"}"));
    server.enqueue(SseStreams.open("data: in\n\n"));
    start(SseConfig.builder().reconnectPolicy(FAST).tokenProvider(new TokenProvider() {
      @Override
      public String token() {
        return "expired";
      }

      @Override
      public String refreshToken() {
        return "renewed";
      }
    }));
    recorder.nextState("OPEN");
    assertThat(recorder.nextEvent()).isEqualTo("event null message in");
    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer expired");
    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer renewed");
    assertThat(recorder.states).noneMatch(s -> s.kind() == ConnectionState.Kind.CLOSED);
  }

  @Test
  void readTimeoutMakesTheWatchdogReconnect() throws Exception {
    server.enqueue(SseStreams.silent("id: 1\ndata: then silence\n\n"));
    server.enqueue(SseStreams.open("id: 2\ndata: back\n\n"));
    start(SseConfig.builder().reconnectPolicy(FAST).readTimeoutMillis(300));
    assertThat(recorder.nextEvent()).isEqualTo("event 1 message then silence");
    assertThat(recorder.nextEvent()).isEqualTo("event 2 message back");
    take();
    assertThat(take().getHeaders().get("Last-Event-ID")).isEqualTo("1");
  }

  @Test
  void attemptsCountUpWhileConnectionsFailAndStartOverAfterOneThatDeliveredAnEvent() {
    server.enqueue(SseStreams.status(503, null));
    server.enqueue(SseStreams.status(503, null));
    server.enqueue(SseStreams.ending("data: x\n\n"));
    server.enqueue(SseStreams.status(503, null));
    server.enqueue(SseStreams.open(""));
    start(SseConfig.builder().reconnectPolicy(ReconnectPolicy.builder().initialDelayMillis(1).maxDelayMillis(5)
        .build()));
    assertThat(recorder.nextState("RECONNECTING")).contains("attempt 1 ");
    assertThat(recorder.nextState("RECONNECTING")).contains("attempt 2 ");
    assertThat(recorder.nextState("RECONNECTING")).contains("attempt 1 "); // the third connection delivered "x"
    assertThat(recorder.nextState("RECONNECTING")).contains("attempt 2 ");
  }

  @Test
  void givesUpAfterMaxAttempts() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(SseStreams.status(503, null));
    }
    start(SseConfig.builder().reconnectPolicy(ReconnectPolicy.builder().initialDelayMillis(1).maxDelayMillis(2)
        .maxAttempts(2).build()));
    recorder.nextState("CLOSED");
    assertThat(client.state().closeReason()).isEqualTo(CloseReason.RETRIES_EXHAUSTED);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void statesGoConnectingOpenReconnectingOpen() {
    server.enqueue(SseStreams.ending("data: a\n\n"));
    server.enqueue(SseStreams.open("data: b\n\n"));
    start();
    assertThat(recorder.nextState("")).isEqualTo("state CONNECTING");
    assertThat(recorder.nextState("")).isEqualTo("state OPEN");
    assertThat(recorder.nextState("")).startsWith("state RECONNECTING(attempt 1 in ");
    assertThat(recorder.nextState("")).isEqualTo("state OPEN");
  }
}
