package dev.ssekit.conformance.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.conformance.CheckResult;
import java.time.Duration;

/** Helpers the check classes share: building a check, JSON errors, waits. */
public final class Checks {

  /** How long the checks wait for something that should be immediate. */
  public static final Duration WAIT = Duration.ofSeconds(5);
  /** How long a check reads a stream up to a marker message it published (heartbeats do not extend it). */
  public static final Duration MARKER_WAIT = Duration.ofSeconds(10);
  /** How long "nothing more came" is judged over. */
  public static final Duration QUIET = Duration.ofMillis(400);
  public static final String NEEDS_ADMIN = "run with --admin-url and --admin-token (this check publishes)";

  private Checks() {}

  /** A check's body. */
  public interface Body {
    CheckResult run(Wire wire) throws Exception;
  }

  /** A check of this clause. */
  public static Check check(int clause, String title, Body body) {
    return new Check() {
      @Override
      public int clause() {
        return clause;
      }

      @Override
      public String title() {
        return title;
      }

      @Override
      public CheckResult run(Wire wire) throws Exception {
        return body.run(wire);
      }
    };
  }

  /** Whether the reply is a JSON error with this code, as PROTOCOL.md's error table says. */
  public static boolean isJsonError(Wire.Reply reply, String code) {
    JsonNode json = reply.json();
    String type = reply.header("Content-Type");
    return json != null && type != null && type.startsWith("application/json") && json.hasNonNull("message")
        && code.equals(json.path("code").asText());
  }

  /** The error code of a JSON error reply, or its raw body. */
  public static String code(Wire.Reply reply) {
    JsonNode json = reply.json();
    return reply.status() + " " + (json != null && json.has("code") ? json.path("code").asText() : abbreviate(reply.body()));
  }

  /** Parses JSON, or null. */
  public static JsonNode json(String text) {
    try {
      return text == null ? null : Wire.JSON.readTree(text);
    } catch (Exception e) {
      return null;
    }
  }

  public static String abbreviate(String s) {
    String one = s.replace("\r", "\\r").replace("\n", "\\n");
    return one.length() > 160 ? one.substring(0, 160) + "…" : one;
  }

  /** Escapes a string as a JSON string literal. */
  public static String quote(String s) {
    return Wire.JSON.getNodeFactory().textNode(s).toString();
  }
}
