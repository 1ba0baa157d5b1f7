package dev.ssekit.conformance;

import dev.ssekit.client.AckPolicy;
import dev.ssekit.client.ConnectionState;
import dev.ssekit.client.ReconnectPolicy;
import dev.ssekit.client.SseClient;
import dev.ssekit.client.SseConfig;
import dev.ssekit.client.SseEvent;
import dev.ssekit.client.SseListener;
import java.net.URI;

/** The client suite's adapter for the ssekit SDK (fast reconnects, acks off: the scripted server has none). */
public final class SdkClient implements ClientUnderTest {

  @Override
  public Session open(URI url, Events events) {
    SseClient client = SseClient.builder(url.toString())
        .config(SseConfig.builder()
            .ackPolicy(AckPolicy.disabled())
            .reconnectPolicy(ReconnectPolicy.builder().initialDelayMillis(10).maxDelayMillis(50).build())
            .build())
        .listener(new SseListener() {
          @Override
          public void onEvent(SseEvent event) {
            events.event(event.id(), event.type(), event.data());
          }

          @Override
          public void onStateChange(ConnectionState state) {
            if (state.kind() == ConnectionState.Kind.CLOSED) {
              events.stopped(String.valueOf(state.closeReason()));
            }
          }
        })
        .build();
    client.start();
    return client::close;
  }
}
