package dev.ssekit.conformance.internal.mutants;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ssekit.conformance.internal.Http1;
import dev.ssekit.conformance.internal.mutants.Exchange.Answer;
import dev.ssekit.conformance.internal.mutants.Exchange.Request;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP proxy on loopback in front of a correct hub that applies one {@link Mutation}: the hub stays the
 * public reference, and each broken hub is the reference plus one bug. Requests go upstream on fresh connections;
 * streams are relayed block by block, so a mutation can rewrite, drop or add events. {@link #close()} ends every
 * connection and thread it started.
 */
public final class MutatingProxy implements AutoCloseable {

  private static final Set<String> HOP_BY_HOP = Set.of("connection", "transfer-encoding", "content-length", "date",
      "keep-alive", "host", "expect");
  /** A request body above this size is offered to the hub head first, so it can refuse it by length. */
  private static final int EARLY_ANSWER_BYTES = 256 * 1024;

  private final URI upstream;
  private final Mutation mutation;
  private final ProxyState state;
  private final HttpServer server;
  private final ExecutorService executor;
  private final List<Socket> upstreamStreams = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final java.util.concurrent.CountDownLatch closing = new java.util.concurrent.CountDownLatch(1);

  /** Starts a proxy to {@code upstream}; the tokens are for mutations that add them to requests. */
  public MutatingProxy(URI upstream, Mutation mutation, String token, String adminToken) throws IOException {
    this.upstream = upstream;
    this.mutation = mutation;
    this.state = new ProxyState(upstream, token, adminToken);
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    String name = threadName(server.getAddress().getPort());
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The name of the threads of the proxy on this port. */
  static String threadName(int port) {
    return "mutating-proxy-" + port;
  }

  /** The proxy's base URL. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void handle(HttpExchange ex) {
    state.enter(ex.getRemoteAddress().getAddress());
    try {
      Request request = read(ex);
      Answer local = mutation.intercept(request, state);
      if (local != null) {
        send(ex, local);
        return;
      }
      Request forwarded = mutation.request(request, state);
      if (forwarded.isStream()) {
        relayStream(ex, forwarded);
        return;
      }
      Answer answer = forwarded.body() == null && request.header("content-length") != null
          ? forwardLarge(ex, forwarded) : state.forward(forwarded, source(ex));
      state.record(forwarded, answer);
      send(ex, mutation.answer(forwarded, answer, state));
    } catch (Exception e) {
      try {
        send(ex, Answer.error(502, "PROXY_ERROR", String.valueOf(e)));
      } catch (IOException ignored) {
        // the client is gone
      }
    } finally {
      state.leave();
      ex.close();
    }
  }

  /**
   * The client's own address, which the proxy sends from upstream (a loopback client's is bindable here), so the
   * hub keys what it keys by address (its rate limiter) as if there were no proxy.
   */
  private static InetAddress source(HttpExchange ex) {
    InetAddress client = ex.getRemoteAddress().getAddress();
    return client.isLoopbackAddress() ? client : null;
  }

  private static Request read(HttpExchange ex) throws IOException {
    Map<String, String> headers = new TreeMap<>();
    ex.getRequestHeaders().forEach((k, v) -> {
      String name = k.toLowerCase(Locale.ROOT);
      if (!HOP_BY_HOP.contains(name) && !v.isEmpty()) {
        headers.put(name, v.get(0));
      }
    });
    String length = ex.getRequestHeaders().getFirst("Content-Length");
    byte[] body = null;
    if (length != null) {
      long n = Long.parseLong(length.trim());
      if (n <= EARLY_ANSWER_BYTES) {
        body = ex.getRequestBody().readAllBytes();
      } else {
        headers.put("content-length", length.trim());
      }
    }
    URI uri = ex.getRequestURI();
    return new Request(ex.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(), headers, body);
  }

  /** A body too large to hold: its head goes first; if the hub answers at once, the body is never read. */
  private Answer forwardLarge(HttpExchange ex, Request r) throws IOException {
    Map<String, String> headers = new TreeMap<>(r.headers());
    long length = Long.parseLong(headers.remove("content-length"));
    try (Socket socket = Http1.connect(upstream, Duration.ofMillis(500), source(ex))) {
      Http1.writeHead(socket.getOutputStream(), upstream, r.method(), r.pathAndQuery(), headers, length);
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      int first;
      try {
        first = in.read();
      } catch (java.net.SocketTimeoutException e) {
        ex.getRequestBody().transferTo(socket.getOutputStream());
        socket.getOutputStream().flush();
        socket.setSoTimeout(30_000);
        first = in.read();
      }
      socket.setSoTimeout(30_000);
      InputStream all = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(new byte[] {(byte) first}), in);
      Http1.Head head = Http1.readHead(all);
      return new Answer(head.status(), head.headers(), Http1.readBody(head, all));
    }
  }

  private static void send(HttpExchange ex, Answer a) throws IOException {
    copyHeaders(ex, a.headers());
    boolean empty = a.body().length == 0;
    ex.sendResponseHeaders(a.status(), empty ? -1 : a.body().length);
    if (!empty) {
      ex.getResponseBody().write(a.body());
    }
  }

  private static void copyHeaders(HttpExchange ex, Map<String, List<String>> headers) {
    headers.forEach((k, v) -> {
      if (!HOP_BY_HOP.contains(k.toLowerCase(Locale.ROOT))) {
        ex.getResponseHeaders().put(k, new ArrayList<>(v));
      }
    });
  }

  private void relayStream(HttpExchange ex, Request request) throws Exception {
    StreamSession session = new StreamSession(request, state.publishedCount());
    Request up = mutation.opening(session, request, state);
    Socket socket = Http1.connect(upstream, Duration.ZERO, source(ex));
    upstreamStreams.add(socket);
    BlockingQueue<Block> queue = null;
    try {
      Http1.writeHead(socket.getOutputStream(), upstream, "GET", up.pathAndQuery(), up.headers(), -1);
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      Http1.Head head = Http1.readHead(in);
      if (head.status() != 200) {
        Answer a = new Answer(head.status(), head.headers(), Http1.readBody(head, in));
        send(ex, mutation.answer(request, a, state));
        return;
      }
      Answer opened = mutation.answer(request, new Answer(200, head.headers(), new byte[0]), state);
      copyHeaders(ex, opened.headers());
      ex.sendResponseHeaders(200, 0);
      OutputStream out = ex.getResponseBody();
      session.attach(out);
      state.opened(session);
      int limit = mutation.dropWhenQueued();
      if (limit > 0) {
        queue = new ArrayBlockingQueue<>(limit);
        BlockingQueue<Block> q = queue;
        executor.execute(() -> drain(session, q, socket));
      }
      BufferedReader lines = new BufferedReader(new InputStreamReader(Http1.body(head, in), StandardCharsets.UTF_8));
      List<String> block = new ArrayList<>();
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (!line.isEmpty()) {
          block.add(line);
          continue;
        }
        if (block.isEmpty()) {
          continue;
        }
        Block b = new Block(block);
        block = new ArrayList<>();
        if (b.event().equals("connected") && b.data() != null) {
          com.fasterxml.jackson.databind.JsonNode data = dev.ssekit.conformance.internal.Checks.json(b.data());
          if (data != null && data.hasNonNull("client_id")) {
            session.clientId(data.get("client_id").asText());
          }
        }
        for (Block outBlock : mutation.block(session, b, state)) {
          if (queue != null) {
            queue.offer(outBlock);
          } else {
            session.write(outBlock);
          }
        }
      }
      if (mutation.holdOpen(session, state)) {
        closing.await(10, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      // the client or the hub went away
    } finally {
      session.end();
      state.closed(session);
      upstreamStreams.remove(socket);
      socket.close();
      mutation.ended(session, state);
    }
  }

  /** The writer of a dropping queue: the client gets what fits, the rest is lost (the seed's behaviour). */
  private static void drain(StreamSession session, BlockingQueue<Block> queue, Socket upstream) {
    try {
      while (!session.ended() || !queue.isEmpty()) {
        Block b = queue.poll(100, TimeUnit.MILLISECONDS);
        if (b != null) {
          session.write(b);
        }
      }
    } catch (IOException | InterruptedException e) {
      try {
        upstream.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  /** Stops the proxy: its server, every relayed stream and every thread. */
  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    for (Socket s : upstreamStreams) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    executor.shutdownNow();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
