package dev.ssekit.server.internal.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.ssekit.server.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Reading requests and writing JSON responses; one place for both so every endpoint answers alike. */
final class Exchanges {

  static final String JSON = "application/json; charset=utf-8";

  private Exchanges() {}

  /** Query parameters, decoded; the first of repeated names wins. */
  static Map<String, String> query(HttpExchange ex) {
    Map<String, String> params = new HashMap<>();
    String raw = ex.getRequestURI().getRawQuery();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      params.putIfAbsent(name, value);
    }
    return params;
  }

  /**
   * Form-decodes one name or value: {@code +} is a space and percent-escapes are UTF-8 bytes. Escapes that are not
   * UTF-8 are a bad request, as the same bytes are in a header or a path (URLDecoder would make them U+FFFD, so
   * two different ids would become one).
   */
  private static String decode(String s) {
    if (s.indexOf('%') < 0) {
      return s.replace('+', ' ');
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); ) {
      char c = s.charAt(i);
      if (c == '%') {
        int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
        int lo = hi < 0 ? -1 : Character.digit(s.charAt(i + 2), 16);
        if (lo < 0) {
          throw HttpError.badRequest("malformed query string");
        }
        bytes.write(hi << 4 | lo);
        i += 3;
      } else {
        int end = i;
        while (end < s.length() && s.charAt(end) != '%') {
          end++;
        }
        bytes.writeBytes(s.substring(i, end).replace('+', ' ').getBytes(StandardCharsets.UTF_8));
        i = end;
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw HttpError.badRequest("a query parameter's percent-escapes are not UTF-8");
    }
  }

  /** The body as JSON, at most {@code limit} bytes. */
  static JsonNode jsonBody(HttpExchange ex, int limit) throws IOException {
    byte[] body = body(ex, limit);
    if (body.length == 0) {
      throw HttpError.badRequest("a JSON body is required");
    }
    try {
      return Json.MAPPER.readTree(body);
    } catch (IOException e) {
      throw HttpError.badRequest("malformed JSON body");
    }
  }

  static byte[] body(HttpExchange ex, int limit) throws IOException {
    String declared = ex.getRequestHeaders().getFirst("Content-Length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.trim()) > limit) {
          throw tooLarge(limit);
        }
      } catch (NumberFormatException e) {
        throw HttpError.badRequest("malformed Content-Length");
      }
    }
    try (InputStream in = ex.getRequestBody()) {
      byte[] body = in.readNBytes(limit + 1);
      if (body.length > limit) {
        throw tooLarge(limit);
      }
      return body;
    }
  }

  private static HttpError tooLarge(int limit) {
    return new HttpError(413, "PAYLOAD_TOO_LARGE", "request body is larger than " + limit + " bytes");
  }

  static void sendJson(HttpExchange ex, int status, Object body) throws IOException {
    byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", JSON);
    if (isHead(ex)) {
      ex.sendResponseHeaders(status, -1); // a HEAD answer has no body, so it must not announce a length
      ex.close();
      return;
    }
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Writes a JSON array element by element as the response body (chunked), never holding it whole. */
  static <T> void streamJsonArray(HttpExchange ex, int status, Iterable<T> items) throws IOException {
    ex.getResponseHeaders().set("Content-Type", JSON);
    ex.sendResponseHeaders(status, 0);
    try (OutputStream out = ex.getResponseBody();
        JsonGenerator gen = Json.MAPPER.getFactory().createGenerator(out)) {
      gen.writeStartArray();
      for (T item : items) {
        Json.MAPPER.writeValue(gen, item);
        gen.flush();
      }
      gen.writeEndArray();
    }
  }

  static boolean isHead(HttpExchange ex) {
    return "HEAD".equals(ex.getRequestMethod());
  }

  static void sendError(HttpExchange ex, HttpError error) throws IOException {
    error.headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    sendJson(ex, error.status, Json.object("code", error.code, "message", error.getMessage()));
  }

  static void sendNoContent(HttpExchange ex, int status) throws IOException {
    ex.sendResponseHeaders(status, -1);
    ex.close();
  }

  /** A required, non-empty text field of a JSON object. */
  static String requiredText(JsonNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || !node.isTextual() || node.asText().isEmpty()) {
      throw HttpError.badRequest("\"" + field + "\" must be a non-empty string");
    }
    return node.asText();
  }

  /** An optional text field; null when absent or JSON null. */
  static String optionalText(JsonNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw HttpError.badRequest("\"" + field + "\" must be a string");
    }
    return node.asText();
  }

  /** An optional non-negative integer field; {@code fallback} when absent. */
  static long optionalLong(JsonNode body, String field, long fallback) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.canConvertToLong() || !node.isIntegralNumber() || node.asLong() < 0) {
      throw HttpError.badRequest("\"" + field + "\" must be a non-negative integer");
    }
    return node.asLong();
  }
}
