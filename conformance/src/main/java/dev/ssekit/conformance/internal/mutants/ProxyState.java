package dev.ssekit.conformance.internal.mutants;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.conformance.internal.Http1;
import dev.ssekit.conformance.internal.Wire;
import dev.ssekit.conformance.internal.mutants.Exchange.Answer;
import dev.ssekit.conformance.internal.mutants.Exchange.Request;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the proxy knows: the hub behind it, the tokens, what was published through it, the open streams. */
public final class ProxyState {

  /** A message published through the admin API, as the proxy saw it. */
  public record Published(int index, String id, String event, JsonNode data, String recipient, boolean callerId) {}

  private final URI upstream;
  private final String token;
  private final String adminToken;
  private final List<Published> published = new ArrayList<>();
  private final List<StreamSession> sessions = new CopyOnWriteArrayList<>();
  private final Map<String, Object> attributes = new ConcurrentHashMap<>();

  ProxyState(URI upstream, String token, String adminToken) {
    this.upstream = upstream;
    this.token = token;
    this.adminToken = adminToken;
  }

  public String token() {
    return token;
  }

  public String adminToken() {
    return adminToken;
  }

  /** The address of the client whose request this proxy thread is handling (set by the proxy). */
  private final ThreadLocal<java.net.InetAddress> client = new ThreadLocal<>();

  void enter(java.net.InetAddress address) {
    client.set(address);
  }

  void leave() {
    client.remove();
  }

  /** The address the request being handled on this thread came from, or null outside a request. */
  java.net.InetAddress client() {
    return client.get();
  }

  /** The hub behind the proxy. */
  java.net.URI upstream() {
    return upstream;
  }

  public Map<String, Object> attributes() {
    return attributes;
  }

  /** Sends a request to the hub directly. */
  public Answer forward(Request r) throws Exception {
    return forward(r, null);
  }

  /** Sends a request to the hub directly from this local address (null: the system's choice). */
  Answer forward(Request r, java.net.InetAddress source) throws Exception {
    Wire.Reply reply = Http1.exchange(upstream, r.method(), r.pathAndQuery(), r.headers(), r.body(),
        Duration.ofSeconds(30), source);
    return new Answer(reply.status(), reply.headers().map(), reply.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  synchronized void record(Request r, Answer a) {
    JsonNode body = r.json();
    JsonNode answer = a.json();
    if (a.status() != 200 || answer == null || !answer.hasNonNull("id")) {
      return;
    }
    String recipient = null;
    if (r.path().startsWith("/v1/admin/clients/") && r.path().endsWith("/messages")) {
      recipient = java.net.URLDecoder.decode(r.path().substring("/v1/admin/clients/".length(),
          r.path().length() - "/messages".length()), java.nio.charset.StandardCharsets.UTF_8);
    }
    published.add(new Published(published.size(), answer.get("id").asText(),
        body == null ? null : body.path("event").asText(null), body == null ? null : body.get("data"), recipient,
        body != null && body.hasNonNull("id")));
  }

  /** Everything published through the proxy so far, oldest first. */
  public synchronized List<Published> published() {
    return new ArrayList<>(published);
  }

  /** The published message with this id, or null. */
  public synchronized Published find(String id) {
    for (int i = published.size() - 1; i >= 0; i--) {
      if (published.get(i).id().equals(id)) {
        return published.get(i);
      }
    }
    return null;
  }

  synchronized int publishedCount() {
    return published.size();
  }

  /** The open streams. */
  public List<StreamSession> sessions() {
    return sessions;
  }

  void opened(StreamSession s) {
    sessions.add(s);
  }

  void closed(StreamSession s) {
    sessions.remove(s);
  }
}
