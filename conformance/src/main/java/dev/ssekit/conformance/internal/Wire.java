package dev.ssekit.conformance.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ssekit.conformance.Target;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The suite's HTTP: plain requests, admin calls, and event streams read into a queue. */
public final class Wire {

  public static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private final Target target;

  public Wire(Target target) {
    this.target = target;
  }

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
  }

  public Reply send(String method, URI uri, String body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    headers.forEach(b::header);
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.headers(), r.body());
  }

  /** The client auth headers for a valid token (none for an open hub). */
  public Map<String, String> auth() {
    return target.token() == null ? Map.of() : Map.of("Authorization", "Bearer " + target.token());
  }

  /** An admin call; returns the JSON reply. */
  public Reply admin(String method, String path, String body) throws Exception {
    return send(method, target.adminBase().resolve(path), body, Map.of("Authorization", "Bearer " + target.adminToken()));
  }

  /** Publishes a broadcast through the admin API and returns the id the hub assigned. */
  public String broadcast(String json) throws Exception {
    Reply r = admin("POST", "/v1/admin/broadcast", json);
    if (r.status() != 200 || r.json() == null || !r.json().hasNonNull("id")) {
      throw new IllegalStateException("admin broadcast answered " + r.status() + " " + r.body());
    }
    return r.json().get("id").asText();
  }

  /** One event as seen on the wire. {@code id} is the block's own id line, or null. */
  public record Event(String id, String type, String data, Integer retry) {}

  /** An open stream whose events are read into a queue by a daemon thread. */
  public final class Stream implements AutoCloseable {
    public final int status;
    public final HttpHeaders headers;
    private final InputStream body;
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private static final Object END = new Object();

    Stream(HttpResponse<InputStream> response) {
      this.status = response.statusCode();
      this.headers = response.headers();
      this.body = response.body();
      Thread reader = new Thread(this::read, "conformance-stream");
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
        StringBuilder data = null;
        String id = null;
        String type = null;
        Integer retry = null;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (line.isEmpty()) {
            if (data != null || retry != null) {
              events.add(new Event(id, type == null ? "message" : type,
                  data == null ? null : data.substring(0, data.length() - 1), retry));
            }
            data = null;
            id = null;
            type = null;
            retry = null;
            continue;
          }
          if (line.startsWith(":")) {
            continue;
          }
          int colon = line.indexOf(':');
          String field = colon < 0 ? line : line.substring(0, colon);
          String value = colon < 0 ? "" : line.substring(colon + 1);
          value = value.startsWith(" ") ? value.substring(1) : value;
          switch (field) {
            case "data" -> data = (data == null ? new StringBuilder() : data).append(value).append('\n');
            case "id" -> id = value;
            case "event" -> type = value;
            case "retry" -> retry = value.matches("\\d+") ? Integer.valueOf(value) : null;
            default -> { }
          }
        }
      } catch (IOException e) {
        // closed
      } finally {
        events.add(END);
      }
    }

    /** The next event within the timeout; null if none came or the stream ended. */
    public Event next(Duration timeout) throws InterruptedException {
      Object e = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (e == END) {
        events.add(END);
        return null;
      }
      return (Event) e;
    }

    /** The next event of a type (skipping others), or null. */
    public Event next(String type, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
        Event e = next(Duration.ofNanos(left));
        if (e == null) {
          return null;
        }
        if (e.type().equals(type)) {
          return e;
        }
      }
      return null;
    }

    /** Whether the server ended the stream within the timeout. */
    public boolean endsWithin(Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        Object e = events.poll(50, TimeUnit.MILLISECONDS);
        if (e == END) {
          return true;
        }
      }
      return false;
    }

    @Override
    public void close() {
      try {
        body.close();
      } catch (IOException ignored) {
        // already closed
      }
    }
  }

  /** Opens a stream with these extra headers (auth added unless {@code noAuth}). */
  public Stream open(String pathAndQuery, Map<String, String> headers, boolean noAuth) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(target.base().resolve(pathAndQuery))
        .header("Accept", "text/event-stream");
    if (!noAuth) {
      auth().forEach(b::header);
    }
    headers.forEach(b::header);
    HttpResponse<InputStream> r = HTTP.sendAsync(b.build(), HttpResponse.BodyHandlers.ofInputStream())
        .get(10, TimeUnit.SECONDS);
    return new Stream(r);
  }
}
