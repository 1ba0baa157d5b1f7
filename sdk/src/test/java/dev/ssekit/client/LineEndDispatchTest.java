package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.client.support.Recorder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * WHATWG: an event is dispatched when its blank line is read, whatever ends the lines (CR, LF or CRLF), never
 * held until the server sends another byte. A raw socket server sends one event and then stays silent until
 * the test has seen it, so an event held for the next byte never arrives.
 */
class LineEndDispatchTest {

  /** Answers one request with a stream of {@code body}, then writes nothing more until released. */
  private static final class OneEventThenSilence implements AutoCloseable {
    private final ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    private final CountDownLatch release = new CountDownLatch(1);
    private final Thread thread;

    OneEventThenSilence(String body) throws IOException {
      thread = new Thread(() -> serve(body), "one-event-server");
      thread.start();
    }

    String url() {
      return "http://127.0.0.1:" + listener.getLocalPort() + "/v1/sse";
    }

    private void serve(String body) {
      try (Socket socket = listener.accept()) {
        readRequestHead(socket.getInputStream());
        OutputStream out = socket.getOutputStream();
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\r\n" + body)
            .getBytes(StandardCharsets.UTF_8));
        out.flush();
        release.await(30, TimeUnit.SECONDS); // silence: not one more byte until the test has its event
      } catch (IOException | InterruptedException e) {
        // closed by the test
      }
    }

    private static void readRequestHead(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!head.toString("ISO-8859-1").endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b == -1) {
          throw new IOException("request cut short");
        }
        head.write(b);
      }
    }

    @Override
    public void close() throws Exception {
      release.countDown();
      listener.close();
      thread.join(10_000);
      assertThat(thread.isAlive()).as("server thread ended").isFalse();
    }
  }

  private final Recorder recorder = new Recorder();
  private OneEventThenSilence server;
  private SseClient client;

  @AfterEach
  void closeAll() throws Exception {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"LF", "CR", "CRLF"})
  void anEventArrivesBeforeTheServerSendsAnotherByte(String eolName) throws IOException {
    String eol = eolName.equals("LF") ? "\n" : eolName.equals("CR") ? "\r" : "\r\n";
    server = new OneEventThenSilence("id: 1" + eol + "event: greeting" + eol + "data: caf\u00e9" + eol + eol);
    client = SseClient.builder(server.url())
        .config(SseConfig.builder().ackPolicy(AckPolicy.disabled()).build())
        .listener(recorder)
        .build();
    client.start();
    assertThat(recorder.next(l -> l.startsWith("event ") || l.startsWith("error ")))
        .isEqualTo("event 1 greeting caf\u00e9");
  }
}
