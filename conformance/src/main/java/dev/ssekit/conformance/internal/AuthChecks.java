package dev.ssekit.conformance.internal;

import static dev.ssekit.conformance.internal.Checks.check;
import static dev.ssekit.conformance.internal.Checks.code;
import static dev.ssekit.conformance.internal.Checks.isJsonError;

import dev.ssekit.conformance.CheckResult;
import dev.ssekit.conformance.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Clauses 1-3 and 5: token sources, refusals on every endpoint, encrypted tokens, no token in the log. */
public final class AuthChecks {

  private static final String T1 = "Token sources: header wins over query; Bearer stripped in any case";
  private static final String T2 = "Refusals on every client endpoint: 401 with WWW-Authenticate, 403, JSON";
  private static final String T3 = "Encrypted tokens (AES-256-GCM) decrypted; undecryptable ones refused";
  private static final String T5 = "Tokens never logged, not even in part";

  private AuthChecks() {}

  public static List<Check> all(Target t) {
    return List.of(
        check(1, T1, wire -> t.encryptionPassphrase() == null ? plainSources(t, wire) : encryptedSources(t, wire)),
        check(2, T2, wire -> refusals(t, wire)),
        check(3, T3, wire -> encrypted(t, wire)),
        check(5, T5, wire -> notLogged(t, wire)));
  }

  private static String missedPath(String extraQuery) {
    return "/v1/sse/missed?client_id=conf-auth" + extraQuery;
  }

  private static CheckResult plainSources(Target t, Wire wire) throws Exception {
    if (t.token() == null || t.invalidToken() == null) {
      return CheckResult.skip(1, T1, "run with --token and --invalid-token");
    }
    String good = Wire.enc(t.token());
    String bad = Wire.enc(t.invalidToken());
    Judge j = new Judge();
    j.eq("'bearer <valid>' header + invalid query token", 200, wire.send("GET",
        t.base().resolve(missedPath("&token=" + bad)), null, Map.of("Authorization", "bearer " + t.token())).status());
    j.eq("'BEARER <valid>' header", 200, wire.send("GET", t.base().resolve(missedPath("")), null,
        Map.of("Authorization", "BEARER " + t.token())).status());
    j.eq("header with no scheme", 200, wire.send("GET", t.base().resolve(missedPath("")), null,
        Map.of("Authorization", t.token())).status());
    j.eq("'Bearer <invalid>' header + valid query token", 403, wire.send("GET",
        t.base().resolve(missedPath("&token=" + good)), null, Wire.bearer(t.invalidToken())).status());
    j.eq("valid query token alone", 200, wire.send("GET", t.base().resolve(missedPath("&token=" + good)), null,
        Map.of()).status());
    streamQueryToken(j, wire, "token=" + good, "token=" + bad, Wire.bearer(t.token()), Wire.bearer(t.invalidToken()));
    Wire.Reply empty = wire.send("GET", t.base().resolve(missedPath("&token=")), null, Map.of("Authorization", ""));
    j.that("an empty Authorization header and an empty token parameter count as missing: 401 UNAUTHORIZED",
        empty.status() == 401 && isJsonError(empty, "UNAUTHORIZED"), code(empty));
    return j.result(1, T1);
  }

  private static CheckResult encryptedSources(Target t, Wire wire) throws Exception {
    if (t.token() == null || t.invalidToken() == null) {
      return CheckResult.skip(1, T1, "run with --token and --invalid-token");
    }
    String pass = t.encryptionPassphrase();
    String good = Crypto.encrypt(pass, t.token());
    String withPlus = good;
    for (int i = 0; i < 200 && !withPlus.contains("+"); i++) {
      withPlus = Crypto.encrypt(pass, t.token());
    }
    Judge j = new Judge();
    j.eq("valid X-Encrypted-Token + invalid encrypted_token query", 200, wire.send("GET", t.base().resolve(
        missedPath("&encrypted_token=" + Wire.enc(Crypto.encrypt(pass, t.invalidToken())))), null,
        Map.of("X-Encrypted-Token", good)).status());
    j.eq("encrypted_token query with + sent as %2B", 200, wire.send("GET",
        t.base().resolve(missedPath("&encrypted_token=" + Wire.enc(withPlus))), null, Map.of()).status());
    j.eq("encrypted_token query with + arriving as a space", 200, wire.send("GET",
        t.base().resolve(missedPath("&encrypted_token=" + withPlus.replace("/", "%2F").replace("=", "%3D"))), null,
        Map.of()).status());
    j.eq("plain 'Bearer <valid>' when tokens are encrypted", 401, wire.send("GET",
        t.base().resolve(missedPath("")), null, Wire.bearer(t.token())).status());
    streamQueryToken(j, wire, "encrypted_token=" + Wire.enc(good),
        "encrypted_token=" + Wire.enc(Crypto.encrypt(pass, t.invalidToken())), Map.of("X-Encrypted-Token", good),
        Map.of("X-Encrypted-Token", Crypto.encrypt(pass, t.invalidToken())));
    return j.result(1, T1);
  }

  /**
   * The stream reads its token the same way (clause 1: "the same check guards the stream, missed and ack
   * endpoints"): from the query alone, and the header over the query.
   */
  private static void streamQueryToken(Judge j, Wire wire, String goodQuery, String badQuery,
      Map<String, String> goodHeader, Map<String, String> badHeader) throws Exception {
    try (EventStream s = wire.open("/v1/sse?" + goodQuery, Map.of(), Map.of())) {
      j.that("stream with the valid token in the query alone: 200 and connected",
          s.status == 200 && s.next("connected", Checks.WAIT) != null, s.status);
    }
    try (EventStream s = wire.open("/v1/sse?" + badQuery, Map.of(), goodHeader)) {
      j.that("stream with a valid header token and an invalid query token: 200 and connected",
          s.status == 200 && s.next("connected", Checks.WAIT) != null, s.status);
    }
    Wire.Reply refused = wire.send("GET", wire.target().base().resolve("/v1/sse?" + goodQuery), null, badHeader);
    j.eq("stream with an invalid header token and a valid query token", 403, refused.status());
  }

  private static CheckResult refusals(Target t, Wire wire) throws Exception {
    if (t.token() == null) {
      return CheckResult.skip(2, T2, "the hub is open: run with --token to check refusals");
    }
    Judge j = new Judge();
    String ack = "{\"client_id\":\"conf-auth\",\"last_event_id\":\"x\"}";
    Object[][] endpoints = {{"GET", "/v1/sse", null}, {"GET", missedPath(""), null}, {"POST", "/v1/sse/ack", ack}};
    for (Object[] e : endpoints) {
      Wire.Reply r = wire.send((String) e[0], t.base().resolve((String) e[1]), (String) e[2], Map.of());
      j.that(e[0] + " " + e[1] + " without a token is 401 UNAUTHORIZED JSON with WWW-Authenticate: Bearer",
          r.status() == 401 && isJsonError(r, "UNAUTHORIZED") && "Bearer".equals(r.header("WWW-Authenticate")),
          code(r) + ", WWW-Authenticate " + r.header("WWW-Authenticate"));
    }
    if (t.invalidToken() != null) {
      Wire.Reply r = wire.send("GET", t.stream(), null, wire.authFor(t.invalidToken()));
      j.that("stream with an invalid token is 403 FORBIDDEN", r.status() == 403 && isJsonError(r, "FORBIDDEN"), code(r));
    }
    Wire.Reply tiny = wire.send("GET", t.base().resolve(missedPath("")), null, wire.authFor("x"));
    j.that("a one-character invalid token is 403 FORBIDDEN", tiny.status() == 403 && isJsonError(tiny, "FORBIDDEN"),
        code(tiny));
    return j.result(2, T2);
  }

  private static CheckResult encrypted(Target t, Wire wire) throws Exception {
    if (t.encryptionPassphrase() == null || t.token() == null) {
      return CheckResult.skip(3, T3, "run with --encryption-passphrase (and --token, the plaintext the hub accepts)");
    }
    Judge j = new Judge();
    j.eq("X-Encrypted-Token of the valid token", 200, wire.send("GET", t.base().resolve(missedPath("")), null,
        wire.auth()).status());
    Wire.Reply garbage = wire.send("GET", t.base().resolve(missedPath("")), null,
        Map.of("X-Encrypted-Token", "bm90IGVuY3J5cHRlZCBhdCBhbGw="));
    j.that("an undecryptable token is 403 'Invalid encrypted token'", garbage.status() == 403
        && isJsonError(garbage, "FORBIDDEN") && "Invalid encrypted token".equals(garbage.json().path("message").asText()),
        garbage.brief());
    Wire.Reply otherKey = wire.send("GET", t.base().resolve(missedPath("")), null,
        Map.of("X-Encrypted-Token", Crypto.encrypt(t.encryptionPassphrase() + "-wrong", t.token())));
    j.eq("the valid token encrypted with another passphrase", 403, otherKey.status());
    return j.result(3, T3);
  }

  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

  private static CheckResult notLogged(Target t, Wire wire) throws Exception {
    if (t.hubLog() == null) {
      return CheckResult.skip(5, T5, "run with --hub-log FILE (the file the hub logs to)");
    }
    if (!Files.isReadable(t.hubLog())) {
      return CheckResult.fail(5, T5, "cannot read the hub log " + t.hubLog());
    }
    SecureRandom random = new SecureRandom();
    StringBuilder secret = new StringBuilder("conf");
    for (int i = 0; i < 24; i++) {
      secret.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    String marker = "conf-log-" + UUID.randomUUID();
    String q = "/v1/sse/missed?client_id=" + marker;
    long before = Files.size(t.hubLog());
    wire.send("GET", t.base().resolve(q), null, Wire.bearer(secret.toString()));
    wire.send("GET", t.base().resolve(q + "&token=" + secret), null, Map.of());
    if (t.token() != null) {
      wire.send("GET", t.base().resolve(q + "&token=" + Wire.enc(t.token())), null, Map.of());
    }
    long after = Files.size(t.hubLog());
    // The hub logs refusals as a count and one sample naming the remote address (clause 5), at most a line a
    // second. The wait ends on a line naming this check's address (or its client id), or on any line written
    // after its last request (which counts these refusals); bounded by WAIT.
    java.util.regex.Pattern mine = wire.source() == null ? null
        : java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(wire.source().getHostAddress()) + "(?![0-9])");
    String log = "";
    String seen = null;
    long deadline = System.nanoTime() + Checks.WAIT.toNanos();
    while (seen == null && System.nanoTime() < deadline) {
      Thread.sleep(50);
      log = Files.readString(t.hubLog(), StandardCharsets.ISO_8859_1);
      String since = log.substring((int) Math.min(before, log.length()));
      String later = log.substring((int) Math.min(after, log.length()));
      seen = since.contains(marker) ? "the log names these requests (client " + marker + ")"
          : mine != null && mine.matcher(since).find() ? "the log names these requests (" + wire.sourceName() + ")"
          : later.contains("\n") ? "the hub wrote a log line after these requests" : null;
    }
    Judge j = new Judge();
    String leaked = null;
    for (int i = 0; i + 6 <= secret.length() && leaked == null; i++) {
      if (log.contains(secret.substring(i, i + 6))) {
        leaked = secret.substring(i, i + 6);
      }
    }
    j.that("no 6-character piece of a refused 28-character token in the log", leaked == null,
        leaked == null ? "none of its 23 pieces" : "found '" + leaked + "'");
    if (t.token() != null && t.token().length() >= 6) {
      j.that("the valid token (sent in a query) not in the log", !log.contains(t.token()), "searched");
    }
    if (t.token() != null) {
      j.that("no 'token=<valid>' in the log", !log.contains("token=" + t.token()), "searched");
    }
    j.note(seen != null ? seen : "the log said nothing after these requests within " + Checks.WAIT.toSeconds()
        + " s (is --hub-log where the hub logs refusals?)");
    return j.result(5, T5);
  }
}
