package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.client.support.ClientOverMockServer;
import dev.ssekit.client.support.Recorder;
import dev.ssekit.client.support.SseStreams;
import dev.ssekit.server.CryptoManager;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Issue rule 6: how the token travels, and that it never shows up in errors. */
class AuthTest extends ClientOverMockServer {


  private void start(SseConfig.Builder config) {
    start("/v1/sse?x=1",
        config.reconnectPolicy(ReconnectPolicy.builder().initialDelayMillis(1).maxDelayMillis(5).build()), recorder);
  }

  @Test
  void bearerHeaderByDefaultAndTheProviderIsAskedOnEveryConnect() throws Exception {
    server.enqueue(SseStreams.ending("data: a\n\n"));
    server.enqueue(SseStreams.open(""));
    AtomicInteger asked = new AtomicInteger();
    start(SseConfig.builder().tokenProvider(() -> "t" + asked.incrementAndGet()));
    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer t1");
    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer t2");
  }

  @Test
  void queryModePutsTheTokenInTheUrl() throws Exception {
    server.enqueue(SseStreams.open(""));
    start(SseConfig.builder().token("q t+/").authMode(AuthMode.QUERY));
    RecordedRequest r = take();
    assertThat(r.getUrl().queryParameter("token")).isEqualTo("q t+/");
    assertThat(r.getUrl().queryParameter("x")).isEqualTo("1");
    assertThat(r.getHeaders().get("Authorization")).isNull();
  }

  @Test
  void encryptedModeSendsATokenTheHubCanDecrypt() throws Exception {
    server.enqueue(SseStreams.open(""));
    start(SseConfig.builder().token("user-42").encryptionPassphrase("shared secret"));
    String sent = take().getHeaders().get("X-Encrypted-Token");
    assertThat(sent).isNotEqualTo("user-42");
    assertThat(CryptoManager.fromPassphrase("shared secret").decrypt(sent)).isEqualTo("user-42");
  }

  @Test
  void tokensNeverAppearInErrors() throws Exception {
    server.enqueue(SseStreams.status(404, null));
    start(SseConfig.builder().token("SECRET-TOKEN-123").authMode(AuthMode.QUERY));
    recorder.nextState("CLOSED");
    assertThat(client.state().error().getMessage()).doesNotContain("SECRET");

    server.close();
    Recorder other = new Recorder();
    SseClient unreachable = SseClient.builder("http://127.0.0.1:" + server.getPort() + "/v1/sse")
        .config(SseConfig.builder().token("SECRET-TOKEN-456").authMode(AuthMode.QUERY).ackPolicy(AckPolicy.disabled())
            .reconnectPolicy(ReconnectPolicy.builder().maxAttempts(1).initialDelayMillis(1).maxDelayMillis(1).build())
            .build())
        .listener(other).build();
    unreachable.start();
    other.nextState("CLOSED");
    unreachable.close();
    assertThat(other.errors).isNotEmpty().allSatisfy(e -> assertThat(String.valueOf(e.getMessage())).doesNotContain("SECRET"));
  }

  @Test
  void aFailingTokenProviderIsRetriedAndItsMessageIsNotQuoted() throws Exception {
    server.enqueue(SseStreams.open("data: in\n\n"));
    AtomicInteger calls = new AtomicInteger();
    start(SseConfig.builder().tokenProvider(() -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("refresh failed for SECRET-abc");
      }
      return "ok";
    }));
    assertThat(recorder.nextEvent()).isEqualTo("event null message in");
    assertThat(recorder.errors.get(0).getMessage()).doesNotContain("SECRET").contains("IllegalStateException");
    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer ok");
  }
}
