package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssekit.client.support.ClientOverMockServer;
import dev.ssekit.client.support.SseStreams;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 item 3: each setting is configured one way. Its setter, default and check live in {@link SseSettings};
 * the client's builder and the configuration's builder both take them from there, and declare only what is
 * theirs (the URL, OkHttp client and listener; building).
 */
class BuildersTest extends ClientOverMockServer {

  @Test
  void neitherBuilderDeclaresASettingOfItsOwn() {
    assertThat(declaredPublicMethods(SseConfig.Builder.class)).containsExactly("build");
    assertThat(declaredPublicMethods(SseClient.Builder.class))
        .containsExactlyInAnyOrder("build", "config", "listener", "okHttpClient");
  }

  @Test
  void everySettingIsOnTheClientBuilderAsItIsOnTheConfigBuilder() throws Exception {
    for (Method setter : SseSettings.class.getDeclaredMethods()) {
      if (!Modifier.isPublic(setter.getModifiers())) {
        continue;
      }
      Method onClient = SseClient.Builder.class.getMethod(setter.getName(), setter.getParameterTypes());
      Method onConfig = SseConfig.Builder.class.getMethod(setter.getName(), setter.getParameterTypes());
      assertThat(onClient).as(setter.getName()).isEqualTo(onConfig);
    }
  }

  @Test
  void aSettingMadeOnTheClientBuilderReachesTheWire() throws Exception {
    server.enqueue(SseStreams.open("id: 1\ndata: a\n\n"));
    client = SseClient.builder(server.url("/v1/sse").toString())
        .header("X-Tenant", "blue")
        .initialLastEventId("41")
        .ackPolicy(AckPolicy.disabled())
        .listener(recorder)
        .build();
    client.start();
    assertThat(recorder.next(l -> l.startsWith("event"))).isEqualTo("event 1 message a");
    RecordedRequest request = take();
    assertThat(request.getHeaders().get("X-Tenant")).isEqualTo("blue");
    assertThat(request.getHeaders().get("Last-Event-ID")).isEqualTo("41");
  }

  @Test
  void aWholeConfigReplacesWhatWasSetBeforeItAndLaterSettersChangeOnlyThisClient() throws Exception {
    server.enqueue(SseStreams.open("id: 1\ndata: a\n\n"));
    SseConfig shared = SseConfig.builder().header("X-Shared", "yes").ackPolicy(AckPolicy.disabled()).build();
    client = SseClient.builder(server.url("/v1/sse").toString())
        .header("X-Before", "gone")
        .initialLastEventId("7")
        .config(shared)
        .header("X-After", "kept")
        .listener(recorder)
        .build();
    client.start();
    assertThat(recorder.next(l -> l.startsWith("event"))).isEqualTo("event 1 message a");
    RecordedRequest request = take();
    assertThat(request.getHeaders().get("X-Before")).isNull();
    assertThat(request.getHeaders().get("Last-Event-ID")).isNull();
    assertThat(request.getHeaders().get("X-Shared")).isEqualTo("yes");
    assertThat(request.getHeaders().get("X-After")).isEqualTo("kept");
    assertThat(shared.headers()).containsOnlyKeys("X-Shared");
  }

  @Test
  void theClientBuilderChecksASettingAsTheConfigBuilderDoes() {
    SseClient.Builder builder = SseClient.builder("http://127.0.0.1:1/v1/sse");
    assertThatThrownBy(() -> builder.maxEventSize(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxEventSize must be >= 1, was 0");
    assertThatThrownBy(() -> builder.authMode(AuthMode.ENCRYPTED).build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("encryptionPassphrase");
  }

  private static List<String> declaredPublicMethods(Class<?> type) {
    List<String> names = new ArrayList<>();
    for (Method m : type.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic()) {
        names.add(m.getName());
      }
    }
    return names;
  }
}
