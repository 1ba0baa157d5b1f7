package dev.ssekit.conformance.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.conformance.CheckResult;
import dev.ssekit.conformance.Target;
import java.util.List;
import java.util.Map;

/** Clauses 1-4: token sources, refusals, encrypted tokens, rate limiting. */
public final class AuthChecks {

  private AuthChecks() {}

  public static List<Check> all(Target t, Wire wire) {
    return List.of(
        check(1, "Header token wins over query; Bearer stripped in any case", () -> {
          if (t.token() == null || t.invalidToken() == null) {
            return skipped(1, "Header token wins over query", "needs --token and --invalid-token");
          }
          Wire.Reply goodHeader = wire.send("GET", t.base().resolve("/v1/sse/missed?client_id=conf&token=" + t.invalidToken()),
              null, Map.of("Authorization", "bearer " + t.token()));
          Wire.Reply badHeader = wire.send("GET", t.base().resolve("/v1/sse/missed?client_id=conf&token=" + t.token()),
              null, Map.of("Authorization", "Bearer " + t.invalidToken()));
          Wire.Reply query = wire.send("GET", t.base().resolve("/v1/sse/missed?client_id=conf&token=" + t.token()),
              null, Map.of());
          boolean ok = goodHeader.status() == 200 && badHeader.status() == 403 && query.status() == 200;
          return verdict(1, "Header token wins over query; Bearer stripped in any case", ok,
              "valid header + invalid query: " + goodHeader.status() + ", invalid header + valid query: "
                  + badHeader.status() + ", query only: " + query.status());
        }),
        check(2, "Refusals: 401 with WWW-Authenticate, 403, JSON bodies", () -> {
          if (t.token() == null) {
            return skipped(2, "Refusals", "the hub is open (no --token given)");
          }
          Wire.Reply missing = wire.send("GET", t.stream(), null, Map.of());
          JsonNode body = missing.json();
          boolean ok = missing.status() == 401 && "Bearer".equals(missing.header("WWW-Authenticate"))
              && isJsonError(missing, "UNAUTHORIZED");
          String evidence = "no token: " + missing.status() + " " + (body == null ? missing.body() : body);
          if (t.invalidToken() != null) {
            Wire.Reply invalid = wire.send("GET", t.stream(), null, Map.of("Authorization", "Bearer " + t.invalidToken()));
            ok &= invalid.status() == 403 && isJsonError(invalid, "FORBIDDEN");
            evidence += "; invalid: " + invalid.status() + " " + invalid.body();
          }
          return verdict(2, "Refusals: 401 with WWW-Authenticate, 403, JSON bodies", ok, evidence);
        }),
        check(3, "Encrypted tokens (AES-256-GCM)", () ->
            skipped(3, "Encrypted tokens (AES-256-GCM)", "needs the hub's encryption passphrase")),
        check(4, "Failed attempts are rate limited with 429", () ->
            skipped(4, "Failed attempts are rate limited with 429",
                "would lock this address out of the checks that follow; the reference hub tests it itself")));
  }

  static boolean isJsonError(Wire.Reply reply, String code) {
    JsonNode json = reply.json();
    String type = reply.header("Content-Type");
    return json != null && type != null && type.startsWith("application/json") && json.hasNonNull("message")
        && code.equals(json.path("code").asText());
  }

  interface Body {
    CheckResult run() throws Exception;
  }

  static Check check(int clause, String title, Body body) {
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
      public CheckResult run() throws Exception {
        return body.run();
      }
    };
  }

  static CheckResult verdict(int clause, String title, boolean ok, String evidence) {
    return ok ? CheckResult.pass(clause, title, evidence) : CheckResult.fail(clause, title, evidence);
  }

  static CheckResult skipped(int clause, String title, String reason) {
    return CheckResult.skip(clause, title, reason);
  }
}
