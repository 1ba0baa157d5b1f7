package dev.ssekit.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoadClientsTest {

  private final ServerSocket server = new ServerSocket(0, 100, InetAddress.getByName("127.0.0.1"));
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> bySource = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private Thread acceptor;

  LoadClientsTest() throws IOException {}

  /** Accepts streams; the first {@code refuse} get a 401, the others 200 and three stamped events. */
  private void serve(int refuse) {
    serve(refuse, false);
  }

  /** As {@link #serve(int)}; {@code inPieces} sends the first 3 bytes alone, so the client's first read is short. */
  private void serve(int refuse, boolean inPieces) {
    acceptor = new Thread(() -> {
      try {
        while (true) {
          Socket s = server.accept();
          accepted.add(s);
          bySource.computeIfAbsent(s.getInetAddress().getHostAddress(), k -> new AtomicInteger()).incrementAndGet();
          requests.add(readHead(s.getInputStream()));
          String reply = accepted.size() <= refuse ? "HTTP/1.1 401 Unauthorized\r\n\r\n"
              : "HTTP/1.1 200 OK\r\n\r\n" + event(System.nanoTime()) + event(System.nanoTime())
                  + event(System.nanoTime());
          byte[] bytes = reply.getBytes(StandardCharsets.US_ASCII);
          int first = inPieces ? 3 : bytes.length;
          s.setTcpNoDelay(true);
          s.getOutputStream().write(bytes, 0, first);
          s.getOutputStream().flush();
          if (inPieces) {
            sleepQuietly(30); // pacing the server, so the client reads the first piece alone
          }
          s.getOutputStream().write(bytes, first, bytes.length - first);
          s.getOutputStream().flush();
          if (accepted.size() <= refuse) {
            s.close();
          }
        }
      } catch (IOException e) {
        // the server socket was closed
      }
    }, "test-acceptor");
    acceptor.start();
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String event(long nanos) {
    return "data: " + Commands.payload(nanos, 100) + "\n\n";
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    while (!sb.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        break;
      }
      sb.append((char) c);
    }
    return sb.toString();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    acceptor.join(5000);
    for (Socket s : accepted) {
      s.close();
    }
  }

  private URI url() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v1/sse");
  }

  @Test
  void spreadsStreamsOverTheSourceAddressesInTurnAndCountsEveryStampedEvent() throws Exception {
    serve(0);
    List<InetAddress> sources = Arrays.asList(InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.3"),
        InetAddress.getByName("127.0.0.4"));
    try (LoadClients clients = new LoadClients(url(), "tok", 30, sources)) {
      await().atMost(Duration.ofSeconds(20)).until(() -> clients.received() == 90);
      assertThat(clients.started()).isEqualTo(30);
      assertThat(clients.connects()).isEqualTo(30);
      assertThat(clients.refused()).isZero();
      assertThat(bySource.keySet()).containsExactlyInAnyOrder("127.0.0.2", "127.0.0.3", "127.0.0.4");
      assertThat(bySource.values()).allMatch(count -> count.get() == 10);
      assertThat(requests).allMatch(r -> r.startsWith("GET /v1/sse HTTP/1.1\r\n")
          && r.contains("\r\nAuthorization: Bearer tok\r\n"));
      LatencyHistogram latencies = clients.takeLatencies();
      assertThat(latencies.count()).isEqualTo(90);
      assertThat(latencies.percentile(0.5)).isGreaterThanOrEqualTo(0);
      assertThat(clients.received()).isZero(); // taking resets

      accepted.get(0).close();
      accepted.get(1).close();
      await().atMost(Duration.ofSeconds(10)).until(() -> clients.lost() == 2);
    }
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("load-"));
  }

  @Test
  void aStatusLineThatArrivesInPiecesStillStartsTheStream() throws Exception {
    serve(0, true);
    try (LoadClients clients = new LoadClients(url(), "tok", 3, Arrays.asList(InetAddress.getByName("127.0.0.2")))) {
      await().atMost(Duration.ofSeconds(20)).until(() -> clients.received() == 9);
      assertThat(clients.started()).isEqualTo(3);
      assertThat(clients.refused()).isZero();
    }
  }

  @Test
  void countsStreamsThatWereRefusedOrCouldNotConnect() throws Exception {
    serve(4);
    try (LoadClients clients = new LoadClients(url(), "tok", 10, Arrays.asList(InetAddress.getByName("127.0.0.2")))) {
      await().atMost(Duration.ofSeconds(20)).until(() -> clients.started() + clients.refused() == 10);
      assertThat(clients.refused()).isEqualTo(4);
      assertThat(clients.started()).isEqualTo(6);
    }
    server.close();
    // close() only signals a thread blocked in accept(); the kernel keeps listening until that accept returns,
    // and a connect in between would be accepted and answered 200. Once the acceptor has ended, nothing listens.
    acceptor.join();
    try (LoadClients clients = new LoadClients(url(), "tok", 3, Arrays.asList(InetAddress.getByName("127.0.0.2")))) {
      await().atMost(Duration.ofSeconds(20)).until(() -> clients.refused() == 3);
      assertThat(clients.started()).isZero();
    }
  }
}
