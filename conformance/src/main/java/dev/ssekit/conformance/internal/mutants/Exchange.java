package dev.ssekit.conformance.internal.mutants;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.conformance.internal.Wire;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A request and an answer as the proxy sees them. Mutations return changed copies. */
public final class Exchange {

  private Exchange() {}

  /**
   * A request: method, raw path and query, headers (names lower-cased, first value), body (null when none).
   */
  public record Request(String method, String path, String query, Map<String, String> headers, byte[] body) {

    public Request {
      headers = new TreeMap<>(headers);
    }

    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** A query parameter, percent-decoded, or null. */
    public String param(String name) {
      return params().get(name);
    }

    public Map<String, String> params() {
      Map<String, String> out = new LinkedHashMap<>();
      if (query != null && !query.isEmpty()) {
        for (String kv : query.split("&")) {
          int eq = kv.indexOf('=');
          String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
          out.putIfAbsent(k, eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
      return out;
    }

    public Request withHeader(String name, String value) {
      Map<String, String> h = new TreeMap<>(headers);
      if (value == null) {
        h.remove(name.toLowerCase(Locale.ROOT));
      } else {
        h.put(name.toLowerCase(Locale.ROOT), value);
      }
      return new Request(method, path, query, h, body);
    }

    /** This request with a query parameter set (null removes it). */
    public Request withParam(String name, String value) {
      Map<String, String> p = params();
      if (value == null) {
        p.remove(name);
      } else {
        p.put(name, value);
      }
      List<String> parts = new ArrayList<>();
      p.forEach((k, v) -> parts.add(Wire.enc(k) + "=" + Wire.enc(v)));
      return new Request(method, path, parts.isEmpty() ? null : String.join("&", parts), headers, body);
    }

    public Request withBody(byte[] newBody) {
      return new Request(method, path, query, headers, newBody);
    }

    public String pathAndQuery() {
      return path + (query == null ? "" : "?" + query);
    }

    /** The body as JSON, or null. */
    public JsonNode json() {
      try {
        return body == null ? null : Wire.JSON.readTree(body);
      } catch (Exception e) {
        return null;
      }
    }

    /** The bearer or bare token of the Authorization header, or null. */
    public String token() {
      String a = header("authorization");
      if (a == null) {
        return param("token");
      }
      return a.regionMatches(true, 0, "Bearer ", 0, 7) ? a.substring(7).trim() : a.trim();
    }

    public boolean isStream() {
      return method.equals("GET") && (path.equals("/v1/sse") || path.equals("/sse") || path.equals("/events"));
    }
  }

  /** An answer: status, headers (names lower-cased), body. */
  public record Answer(int status, Map<String, List<String>> headers, byte[] body) {

    public Answer {
      headers = new TreeMap<>(headers);
    }

    /** A JSON answer. */
    public static Answer json(int status, String json) {
      Map<String, List<String>> h = new TreeMap<>();
      h.put("content-type", List.of("application/json; charset=utf-8"));
      h.put("access-control-allow-origin", List.of("*"));
      return new Answer(status, h, json.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON error as PROTOCOL.md shapes them. */
    public static Answer error(int status, String code, String message) {
      return json(status, Wire.JSON.createObjectNode().put("code", code).put("message", message).toString());
    }

    public String header(String name) {
      List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
      return v == null || v.isEmpty() ? null : v.get(0);
    }

    public Answer withHeader(String name, String value) {
      Map<String, List<String>> h = new TreeMap<>(headers);
      if (value == null) {
        h.remove(name.toLowerCase(Locale.ROOT));
      } else {
        h.put(name.toLowerCase(Locale.ROOT), List.of(value));
      }
      return new Answer(status, h, body);
    }

    public Answer withBody(String text) {
      return new Answer(status, headers, text.getBytes(StandardCharsets.UTF_8));
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public JsonNode json() {
      try {
        return Wire.JSON.readTree(body);
      } catch (Exception e) {
        return null;
      }
    }

    /** The JSON error code, or null. */
    public String code() {
      JsonNode j = json();
      return j == null ? null : j.path("code").asText(null);
    }
  }
}
