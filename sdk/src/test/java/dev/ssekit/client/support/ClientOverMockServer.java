package dev.ssekit.client.support;

import dev.ssekit.client.AckPolicy;
import dev.ssekit.client.SseClient;
import dev.ssekit.client.SseConfig;
import dev.ssekit.client.SseListener;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;

/**
 * What the MockWebServer tests of the client share: a server started and stopped per test, a recorder, one
 * client (acks off: the scripted server has no ack endpoint) that is closed after each test.
 */
public abstract class ClientOverMockServer {

  @StartStop
  protected final MockWebServer server = new MockWebServer();

  protected final Recorder recorder = new Recorder();
  protected SseClient client;

  /** Starts a client on this path of the server with acks off. */
  protected SseClient start(String path, SseConfig.Builder config, SseListener listener) {
    client = SseClient.builder(server.url(path).toString())
        .config(config.ackPolicy(AckPolicy.disabled()).build())
        .listener(listener)
        .build();
    client.start();
    return client;
  }

  /** The next request the server received. */
  protected RecordedRequest take() throws InterruptedException {
    return SseStreams.take(server);
  }

  @AfterEach
  void closeClient() {
    if (client != null) {
      client.close();
    }
  }
}
