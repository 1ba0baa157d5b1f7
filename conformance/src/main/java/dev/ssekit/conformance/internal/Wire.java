package dev.ssekit.conformance.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.ssekit.conformance.Target;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/** The suite's HTTP: plain requests, admin calls, and event streams read into a queue. */
public final class Wire {

  public static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private final Target target;
  /** The local address plain requests are sent from, or null for the system's choice. */
  private final InetAddress source;

  public Wire(Target target) {
    this(target, null);
  }

  /** A wire whose plain requests ({@link #send}) go out from {@code source} (null: the system's choice). */
  public Wire(Target target, InetAddress source) {
    this.target = target;
    this.source = source;
  }

  /** The same target from a fresh loopback address of its own ({@link Sources}), or from the default one. */
  public Wire fresh() {
    return new Wire(target, Sources.freshFor(target.base()));
  }

  /** The hub under test. */
  public Target target() {
    return target;
  }

  /** Whether plain requests come from an address of this wire's own ({@link #fresh}). */
  public boolean hasOwnSource() {
    return source != null;
  }

  /** The local address plain requests go out from, or null for the system's choice. */
  InetAddress source() {
    return source;
  }

  /** Where plain requests come from, for evidence. */
  public String sourceName() {
    return source == null ? "the default source address" : "source address " + source.getHostAddress();
  }

  /** Pages of {@code /missed} followed at most (a hub whose buffer is 100,000 messages long at the default limit). */
  private static final int MAX_PAGES = 1_000;

  /** A response: status, headers, body. */
  public record Reply(int status, HttpHeaders headers, String body) {
    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    /** The body as JSON, or null if it is not JSON. */
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        return null;
      }
    }

    /** Status and a short body, for evidence. */
    public String brief() {
      return status + " " + (body.length() > 120 ? body.substring(0, 120) + "…" : body);
    }
  }

  /**
   * One request on a fresh connection ({@link Http1}); {@code body} may be null. Headers are sent as given (a
   * JSON {@code Content-Type} is added to a body without one).
   */
  public Reply send(String method, URI uri, String body, Map<String, String> headers) throws Exception {
    String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    byte[] bytes = body != null ? body.getBytes(StandardCharsets.UTF_8)
        : method.equals("POST") || method.equals("PUT") ? new byte[0] : null;
    return Http1.exchange(uri, method, path, headers, bytes, Duration.ofSeconds(15), source);
  }

  /** The client auth headers for a valid token (none for an open hub). */
  public Map<String, String> auth() {
    return authFor(target.token());
  }

  /**
   * The auth headers for this token as the hub reads them: {@code X-Encrypted-Token} with the token encrypted
   * when the target has a passphrase (clause 3), else {@code Authorization: Bearer}; none for null.
   */
  public Map<String, String> authFor(String token) {
    if (token == null) {
      return Map.of();
    }
    if (target.encryptionPassphrase() != null) {
      return Map.of("X-Encrypted-Token", Crypto.encrypt(target.encryptionPassphrase(), token));
    }
    return bearer(token);
  }

  /**
   * The query parameter that carries this token as the hub reads it: {@code encrypted_token} (encrypted) when the
   * target has a passphrase, else {@code token}; percent-encoded.
   */
  public String queryAuth(String token) {
    return target.encryptionPassphrase() != null
        ? "encrypted_token=" + enc(Crypto.encrypt(target.encryptionPassphrase(), token)) : "token=" + enc(token);
  }

  /** {@code Authorization: Bearer token}, or no header for null. */
  public static Map<String, String> bearer(String token) {
    return token == null ? Map.of() : Map.of("Authorization", "Bearer " + token);
  }

  /** An admin call; returns the JSON reply. */
  public Reply admin(String method, String path, String body) throws Exception {
    return send(method, target.adminBase().resolve(path), body, Map.of("Authorization", "Bearer " + target.adminToken()));
  }

  /** Publishes a broadcast through the admin API and returns the id the hub assigned. */
  public String broadcast(String json) throws Exception {
    Reply r = admin("POST", "/v1/admin/broadcast", json);
    if (r.status() != 200 || r.json() == null || !r.json().hasNonNull("id")) {
      throw new IllegalStateException("admin broadcast answered " + r.brief());
    }
    return r.json().get("id").asText();
  }

  /** Sends a private message through the admin API. */
  public Reply sendPrivate(String clientId, String json) throws Exception {
    return admin("POST", "/v1/admin/clients/" + enc(clientId) + "/messages", json);
  }

  /**
   * Publishes these bodies from {@code threads} connections at once (the admin API answers one request per
   * connection at a time) and returns the assigned ids in the order the calls were made.
   */
  public List<String> broadcastAll(List<String> bodies, int threads) throws Exception {
    return broadcastAll(bodies, threads, 0);
  }

  /**
   * Publishes every body from {@code threads} connections at once, each thread pausing {@code pauseMillis} before
   * each of its publishes (so publishing lasts at least bodies x pause / threads, however fast the hub); returns
   * the ids in the order of {@code bodies}.
   */
  public List<String> broadcastAll(List<String> bodies, int threads, long pauseMillis) throws Exception {
    return broadcastAll(bodies, threads, pauseMillis, () -> Integer.MAX_VALUE, 0);
  }

  /** How long a paced publish waits for the readers to catch up before it publishes anyway. */
  private static final long CATCH_UP_MILLIS = 3_000;

  /**
   * As {@link #broadcastAll(List, int, long)}, but the k-th publish (counting from 0) waits until {@code received}
   * (how many of them the slowest reader has received) is at least {@code k - window}: no reader falls more than
   * {@code window} behind however the machine schedules its threads, so a hub's slow-consumer rule (clause 18)
   * never ends a stream that is being read. A wait is bounded ({@value #CATCH_UP_MILLIS} ms); once one runs out
   * (a reader that lost messages never catches up) the rest are published unpaced, and the loss shows in the
   * check.
   */
  public List<String> broadcastAll(List<String> bodies, int threads, long pauseMillis, IntSupplier received,
      int window) throws Exception {
    AtomicInteger next = new AtomicInteger();
    java.util.concurrent.atomic.AtomicBoolean gaveUp = new java.util.concurrent.atomic.AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "conformance-publisher");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<String>> ids = new ArrayList<>();
      for (String body : bodies) {
        ids.add(pool.submit(() -> {
          if (pauseMillis > 0) {
            Thread.sleep(pauseMillis);
          }
          int k = next.getAndIncrement();
          long deadline = System.nanoTime() + CATCH_UP_MILLIS * 1_000_000;
          while (window > 0 && !gaveUp.get() && received.getAsInt() < k - window) {
            if (System.nanoTime() > deadline) {
              gaveUp.set(true); // a reader that lost messages never catches up: stop pacing, let the check see it
            }
            Thread.sleep(1);
          }
          return broadcast(body);
        }));
      }
      List<String> out = new ArrayList<>();
      for (Future<String> f : ids) {
        out.add(f.get(60, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * {@code GET /v1/sse/missed}; {@code lastReceivedId} may be null. Follows {@code X-Ssekit-More} pages (clause 16),
   * so the answer lists everything the hub holds for the client; status and headers are the first page's.
   */
  public Reply missed(String clientId, String lastReceivedId, Map<String, String> auth) throws Exception {
    Reply first = missedPage(clientId, lastReceivedId, auth);
    JsonNode list = first.json();
    if (first.status() != 200 || list == null || !list.isArray()
        || !"true".equalsIgnoreCase(first.header("X-Ssekit-More"))) {
      return first;
    }
    ArrayNode all = JSON.createArrayNode().addAll((ArrayNode) list);
    Reply page = first;
    // A hub that lists at most `limit` per answer says so with X-Ssekit-More; ask again from the last id listed.
    for (int pages = 1; "true".equalsIgnoreCase(page.header("X-Ssekit-More")) && !all.isEmpty() && pages < MAX_PAGES;
        pages++) {
      page = missedPage(clientId, all.get(all.size() - 1).path("id").asText(), auth);
      JsonNode more = page.json();
      if (page.status() != 200 || more == null || !more.isArray() || more.isEmpty()) {
        break;
      }
      all.addAll((ArrayNode) more);
    }
    return new Reply(first.status(), first.headers(), all.toString());
  }

  private Reply missedPage(String clientId, String lastReceivedId, Map<String, String> auth) throws Exception {
    return missedPage(clientId, lastReceivedId, null, auth);
  }

  /** One {@code GET /v1/sse/missed} answer, as the hub gives it; {@code lastReceivedId} and {@code limit} may be null. */
  public Reply missedPage(String clientId, String lastReceivedId, String limit, Map<String, String> auth)
      throws Exception {
    String q = "/v1/sse/missed?client_id=" + enc(clientId)
        + (lastReceivedId == null ? "" : "&last_received_id=" + enc(lastReceivedId))
        + (limit == null ? "" : "&limit=" + enc(limit));
    return send("GET", target.base().resolve(q), null, auth);
  }

  /** The ids listed by a missed answer, in order (empty when the answer is not a JSON array). */
  public static List<String> ids(Reply missed) {
    List<String> out = new ArrayList<>();
    JsonNode list = missed.json();
    if (list != null && list.isArray()) {
      list.forEach(m -> out.add(m.path("id").asText()));
    }
    return out;
  }

  /** {@code POST /v1/sse/ack}. */
  public Reply ack(String clientId, String lastEventId, Map<String, String> auth) throws Exception {
    return send("POST", target.base().resolve("/v1/sse/ack"), JSON.createObjectNode().put("client_id", clientId)
        .put("last_event_id", lastEventId).toString(), auth);
  }

  /** Percent-encodes a query or path value. */
  public static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * A request whose head promises {@code bodyBytes} bytes of body; see {@link Http1#declaredBody}.
   */
  public Http1.RawReply declaredBody(String method, String path, Map<String, String> headers, int bodyBytes,
      Duration patience) throws IOException {
    return Http1.declaredBody(target.base(), method, path, headers, bodyBytes, patience);
  }

  /** Opens a stream with these extra headers (auth added unless {@code noAuth}). */
  public EventStream open(String pathAndQuery, Map<String, String> headers, boolean noAuth) throws Exception {
    return open(pathAndQuery, headers, noAuth ? Map.of() : auth());
  }

  /** Opens a stream with these extra headers and these auth headers. */
  public EventStream open(String pathAndQuery, Map<String, String> headers, Map<String, String> auth) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(target.base().resolve(pathAndQuery))
        .header("Accept", "text/event-stream");
    auth.forEach(b::header);
    headers.forEach(b::header);
    java.util.concurrent.CompletableFuture<HttpResponse<InputStream>> answer = HTTP.sendAsync(b.build(),
        HttpResponse.BodyHandlers.ofInputStream());
    try {
      return new EventStream(answer.get(10, TimeUnit.SECONDS));
    } catch (java.util.concurrent.TimeoutException e) {
      answer.cancel(true);
      throw new IllegalStateException("no answer's head within 10 s to the stream request " + pathAndQuery, e);
    }
  }

  /** Opens a stream for this client id and waits for its {@code connected} event (null if none came). */
  public EventStream connect(String clientId, Map<String, String> extra, Duration wait) throws Exception {
    Map<String, String> headers = new LinkedHashMap<>(extra);
    headers.put("X-Client-ID", clientId);
    EventStream s = open("/v1/sse", headers, false);
    if (s.status != 200 || s.next("connected", wait) == null) {
      s.close();
      throw new IllegalStateException("stream for " + clientId + " answered " + s.status + " without connected");
    }
    return s;
  }

  /**
   * Opens a stream on a plain socket with a small receive buffer and never reads it (a slow consumer). The
   * caller closes the socket.
   */
  public Socket openUnread(String clientId) throws IOException {
    URI uri = target.stream();
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    if (source != null) {
      socket.bind(new InetSocketAddress(source, 0));
    }
    socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
    StringBuilder head = new StringBuilder("GET ").append(uri.getRawPath()).append(" HTTP/1.1\r\nHost: ")
        .append(uri.getHost()).append(':').append(uri.getPort()).append("\r\nAccept: text/event-stream\r\nConnection: close\r\n")
        .append("X-Client-ID: ").append(clientId).append("\r\n");
    auth().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    socket.getOutputStream().write(head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
    socket.getOutputStream().flush();
    return socket;
  }
}
