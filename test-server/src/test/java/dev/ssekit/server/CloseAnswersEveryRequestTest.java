package dev.ssekit.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Clause 21: {@link SseTestServer#close()} while eight keep-alive clients post acks as fast as they can: every
 * request gets an answer or its connection closed, none waits (a client's last ack must not hang).
 */
class CloseAnswersEveryRequestTest {

  private static final byte[] ACK = ("POST /v1/sse/ack HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      + "Content-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII);

  @RepeatedTest(5)
  void closeLeavesNoRequestWithoutAnAnswerOrAClosedConnection() throws Exception {
    SseTestServer server = SseTestServer.start(HubConfig.defaults());
    int port = server.port();
    AtomicInteger hung = new AtomicInteger();
    CountDownLatch running = new CountDownLatch(8);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      Thread thread = new Thread(() -> {
        boolean counted = false;
        for (int round = 0; round < 10_000; round++) {
          try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[4096];
            for (int i = 0; i < 50; i++) {
              out.write(ACK);
              out.flush();
              int n = in.read(buf);
              if (n < 0) {
                return;
              }
              if (!counted) {
                counted = true;
                running.countDown();
              }
            }
          } catch (SocketTimeoutException e) {
            hung.incrementAndGet();
            return;
          } catch (Exception e) {
            if (!counted) {
              counted = true;
              running.countDown();
            }
            if (e instanceof java.net.ConnectException) {
              return;
            }
          }
        }
      });
      threads.add(thread);
      thread.start();
    }
    assertThat(running.await(10, TimeUnit.SECONDS)).as("all eight clients got an answer").isTrue();
    Thread.sleep(20);
    server.close();
    for (Thread thread : threads) {
      thread.join(10_000);
    }
    assertThat(hung.get()).isZero();
  }
}
