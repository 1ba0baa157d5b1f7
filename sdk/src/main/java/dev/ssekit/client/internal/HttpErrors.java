package dev.ssekit.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ssekit.client.SseAuthException;
import dev.ssekit.client.SseHttpException;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** Turns an error response into a typed exception, reading the hub's {@code {code,message}} body if any. */
final class HttpErrors {

  private static final long MAX_BODY = 64 * 1024;

  private HttpErrors() {}

  static SseHttpException of(Response response, ObjectMapper mapper, boolean auth) {
    String code = null;
    String message = null;
    ResponseBody body = response.body();
    try {
      JsonNode json = mapper.readTree(response.peekBody(MAX_BODY).string());
      if (json != null && json.isObject()) {
        code = json.path("code").isTextual() ? json.get("code").asText() : null;
        message = json.path("message").isTextual() ? json.get("message").asText() : null;
      }
    } catch (Exception ignored) {
      // not a hub error body
    } finally {
      body.close();
    }
    return auth ? new SseAuthException(response.code(), code, message)
        : new SseHttpException(response.code(), code, message);
  }

  /** Milliseconds from a {@code Retry-After} header in seconds, or 0. */
  static long retryAfterMillis(Response response) {
    String value = response.header("Retry-After");
    if (value == null) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(value.trim())) * 1000;
    } catch (NumberFormatException e) {
      return 0; // an HTTP date: rare for SSE; fall back to the backoff
    }
  }
}
