package dev.ssekit.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Plain requests to a hub for tests: JSON in, status, headers and JSON out. */
public final class HubClient {

  public static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private final URI base;

  public HubClient(URI base) {
    this.base = base;
  }

  /** A response: status, headers and body text. */
  public record Reply(int status, java.net.http.HttpHeaders headers, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  public Reply get(String path, Map<String, String> headers) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET(), headers);
  }

  public Reply get(String path) {
    return get(path, Map.of());
  }

  public Reply post(String path, String body, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    return send(b, headers);
  }

  public Reply method(String method, String path, Map<String, String> headers) {
    return send(HttpRequest.newBuilder(base.resolve(path)).method(method, HttpRequest.BodyPublishers.noBody()), headers);
  }

  /** Admin call with the bearer admin token. */
  public Reply admin(String path, String body, String adminToken) {
    Map<String, String> auth = Map.of("Authorization", "Bearer " + adminToken);
    return body == null ? get(path, auth) : post(path, body, auth);
  }

  private Reply send(HttpRequest.Builder b, Map<String, String> headers) {
    headers.forEach(b::header);
    try {
      HttpResponse<String> r = CLIENT.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.headers(), r.body());
    } catch (Exception e) {
      throw new AssertionError("request failed: " + b.build().uri().getPath(), e);
    }
  }
}
