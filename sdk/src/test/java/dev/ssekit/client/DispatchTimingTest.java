package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.client.support.RawServer;
import dev.ssekit.client.support.Recorder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 9 rule 2: an event reaches the app when its blank line is read, whatever line ending the stream uses,
 * never held back until the server sends another byte. The server sends one event and then waits.
 */
class DispatchTimingTest {

  private void deliversBeforeTheNextByte(String eol) throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (RawServer raw = new RawServer((request, out) -> {
      RawServer.streamHead(out);
      out.write(("id: 1" + eol + "data: é" + eol + "data: two" + eol + eol).getBytes(StandardCharsets.UTF_8));
      out.flush();
      release.await(10, TimeUnit.SECONDS); // not one more byte until the event has arrived
      out.write((": bye" + eol).getBytes(StandardCharsets.UTF_8));
      return false;
    })) {
      Recorder app = new Recorder();
      try (SseClient client = SseClient.builder(raw.url("/v1/sse"))
          .config(SseConfig.builder().ackPolicy(AckPolicy.disabled()).build()).listener(app).build()) {
        client.start();
        assertThat(app.nextEvent()).isEqualTo("event 1 message é\ntwo");
        release.countDown();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"\n", "\r\n"})
  void anEventArrivesBeforeTheServerSendsAnotherByte(String eol) throws Exception {
    deliversBeforeTheNextByte(eol);
  }

  @Test
  void aCrOnlyEventArrivesBeforeTheServerSendsAnotherByte() throws Exception {
    deliversBeforeTheNextByte("\r");
  }
}
