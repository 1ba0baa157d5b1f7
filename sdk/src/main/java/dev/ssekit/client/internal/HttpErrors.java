package dev.ssekit.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ssekit.client.SseHttpException;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** Turns an error response into a typed exception, reading the hub's {@code {code,message}} body if any. */
final class HttpErrors {

  private static final long MAX_BODY = 64 * 1024;

  private HttpErrors() {}

  static SseHttpException of(Response response, ObjectMapper mapper) {
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
    return new SseHttpException(response.code(), code, message);
  }

  /** Milliseconds from a {@code Retry-After} header in seconds or as an HTTP date, or 0 if none or unreadable. */
  static long retryAfterMillis(Response response) {
    String value = response.header("Retry-After");
    if (value == null) {
      return 0;
    }
    try {
      long seconds = Long.parseLong(value.trim());
      return seconds <= 0 ? 0 : seconds > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : seconds * 1000;
    } catch (NumberFormatException notSeconds) {
      java.util.Date date = response.headers().getDate("Retry-After");
      return date == null ? 0 : Math.max(0, date.getTime() - System.currentTimeMillis());
    }
  }
}
