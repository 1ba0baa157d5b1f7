package dev.ssekit.conformance.internal;

import static dev.ssekit.conformance.internal.Checks.NEEDS_ADMIN;
import static dev.ssekit.conformance.internal.Checks.WAIT;
import static dev.ssekit.conformance.internal.Checks.check;
import static dev.ssekit.conformance.internal.Checks.code;
import static dev.ssekit.conformance.internal.Checks.isJsonError;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.conformance.CheckResult;
import dev.ssekit.conformance.Target;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Clauses 18-20 and 22: slow consumers, the admin API and its auth, faults, bad input. */
public final class AdminChecks {

  private static final String T18 = "A slow consumer is disconnected and counted, never silently skipped";
  private static final String T19 = "Admin API: clients and stats; every admin endpoint requires the admin token";
  private static final String T20 = "Faults: disconnect, cut, stall, retry, reject";
  private static final String T22 = "Bad input: 400, 404, 405 with Allow, 413 for a huge body, all JSON; hub survives";
  /** The size of the messages that fill a slow consumer's socket. */
  static final int SLOW_MESSAGE_BYTES = 48 * 1024;
  /** Messages beyond the client queue the slow-consumer check publishes at most. */
  static final int SLOW_EXTRA_MESSAGES = 1000;

  private AdminChecks() {}

  public static List<Check> all(Target t) {
    return List.of(check(18, T18, wire -> slowConsumer(t, wire)), check(19, T19, wire -> admin(t, wire)),
        check(20, T20, wire -> faults(t, wire)), check(22, T22, wire -> badInput(t, wire)));
  }

  private static long counter(Wire wire) throws Exception {
    JsonNode stats = wire.admin("GET", "/v1/admin/stats", null).json();
    return stats == null ? -1 : stats.path("slow_consumer_disconnects").asLong(-1);
  }

  private static CheckResult slowConsumer(Target t, Wire wire) throws Exception {
    if (!t.hasAdmin() || t.clientQueue() == null) {
      return CheckResult.skip(18, T18, "run with --client-queue N (the hub's setting) and --admin-url/--admin-token");
    }
    Judge j = new Judge();
    StalledReader.check(wire, j);
    String type = "conf-slow-" + UUID.randomUUID().toString().substring(0, 8);
    String slow = "conf-slow-" + UUID.randomUUID();
    long before = counter(wire);
    String payload = "s".repeat(SLOW_MESSAGE_BYTES);
    int limit = t.clientQueue() + SLOW_EXTRA_MESSAGES;
    int published = 0;
    long after = before;
    List<String> ids = new ArrayList<>();
    try (Socket unread = wire.openUnread(slow);
        EventStream reader = wire.connect("conf-fast-" + UUID.randomUUID(), Map.of(), WAIT)) {
      while (published < limit && after <= before) {
        List<String> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          batch.add("{\"event\":\"" + type + "\",\"data\":\"" + payload + "\"}");
        }
        int done = published;
        // paced by the stream that is read, so only the unread one falls behind, however threads are scheduled
        ids.addAll(wire.broadcastAll(batch, 4, 0, () -> reader.messages() - done, ReplayChecks.lagWindow(t)));
        published += batch.size();
        after = counter(wire);
      }
      j.that("slow_consumer_disconnects grew while a stream was never read", after > before,
          before + " -> " + after + " after " + published + " messages of " + SLOW_MESSAGE_BYTES + " bytes");
      String tail = drain(unread);
      j.that("the unread stream was ended by the hub", tail != null, tail == null ? "still open after 10 s"
          : "ended after " + tail.length() + " chars");
      List<EventStream.Event> fast = reader.take(type, published, WAIT);
      j.eq("a stream that was read received every message", published, fast.size());
      if (tail != null && after > before) {
        List<String> order = new ArrayList<>();
        fast.forEach(e -> order.add(e.id()));
        String last = lastId(tail, order);
        int from = last == null ? 0 : order.indexOf(last) + 1;
        ids = order;
        try (EventStream back = wire.open("/v1/sse", last == null ? Map.of("X-Client-ID", slow)
            : Map.of("X-Client-ID", slow, "Last-Event-ID", last), false)) {
          EventStream.Event first = ReplayChecks.afterConnected(back);
          if (first != null && first.type().equals("gap")) {
            JsonNode gap = Checks.json(first.data());
            String oldest = gap == null ? null : gap.path("oldest_available_id").asText(null);
            EventStream.Event next = back.next(type, WAIT);
            boolean empty = oldest == null && next == null;
            j.that("the slow client's reconnect: a gap (its last id was evicted or expired), then the oldest held "
                + "message (or nothing, the buffer being empty)", empty || oldest != null && next != null
                && oldest.equals(next.id()) && order.indexOf(oldest) > order.indexOf(last),
                "gap oldest " + oldest + ", then " + (next == null ? null : next.id()));
          } else {
            EventStream.Event next = first != null && type.equals(first.type()) ? first : back.next(type, WAIT);
            j.eq("the slow client's reconnect replays from where it was cut", from < ids.size() ? ids.get(from) : null,
                next == null ? null : next.id());
          }
        }
      }
    }
    return j.result(18, T18);
  }

  /** Reads a socket to its end (null if it did not end within 10 s). */
  private static String drain(Socket socket) throws Exception {
    socket.setSoTimeout(10_000);
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buf = new byte[65536];
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    try {
      for (int n = in.read(buf); n != -1; n = in.read(buf)) {
        all.write(buf, 0, n);
        if (System.nanoTime() > deadline) {
          return null;
        }
      }
    } catch (SocketTimeoutException e) {
      return null;
    } catch (java.io.IOException e) {
      // a reset also ends it
    }
    return all.toString(StandardCharsets.UTF_8);
  }

  /** The last id of {@code ids} whose event arrived whole in this raw stream text. */
  private static String lastId(String raw, List<String> ids) {
    Matcher m = Pattern.compile("\nid: ?([^\r\n]*)\r?\n(?:[^\r\n]*\r?\n)*?\r?\n").matcher("\n" + raw);
    String last = null;
    while (m.find()) {
      if (ids.contains(m.group(1))) {
        last = m.group(1);
      }
    }
    return last;
  }

  private static CheckResult admin(Target t, Wire wire) throws Exception {
    if (!t.hasAdmin()) {
      return CheckResult.skip(19, T19, "run with --admin-url and --admin-token");
    }
    Judge j = new Judge();
    String client = "conf-admin-" + UUID.randomUUID();
    try (EventStream s = wire.connect(client, Map.of(), WAIT)) {
      JsonNode c = DeliveryChecks.clientRecord(wire, client);
      j.that("/v1/admin/clients lists the connected client with its fields", c != null && c.has("connected_since")
          && c.has("last_sent_id") && c.has("last_acked_id") && c.has("queue_depth"), c);
      JsonNode stats = wire.admin("GET", "/v1/admin/stats", null).json();
      boolean all = stats != null;
      for (String f : new String[] {"connections", "messages_published", "buffer_size", "slow_consumer_disconnects",
          "auth_failures"}) {
        all &= stats != null && stats.path(f).isIntegralNumber();
      }
      j.that("/v1/admin/stats has the five counters as numbers", all, stats);
    }
    PathSegments.check(wire, j);
    String[][] endpoints = {{"POST", "/v1/admin/broadcast", "{\"data\":\"x\"}"},
        {"POST", "/v1/admin/clients/" + client + "/messages", "{\"data\":\"x\"}"}, {"GET", "/v1/admin/clients", null},
        {"GET", "/v1/admin/stats", null}, {"POST", "/v1/admin/faults", "{\"type\":\"disconnect\",\"client_id\":\"none\"}"}};
    for (String[] e : endpoints) {
      Wire.Reply r = wire.send(e[0], t.adminBase().resolve(e[1]), e[2], Map.of());
      j.that(e[0] + " " + e[1] + " without a token is 401", r.status() == 401 && isJsonError(r, "UNAUTHORIZED"), code(r));
    }
    String wrong = t.token() != null ? t.token() : "conf-not-the-admin-token";
    Wire.Reply r = wire.send("GET", t.adminBase().resolve("/v1/admin/stats"), null, Wire.bearer(wrong));
    j.that("GET /v1/admin/stats with a client token is 403", r.status() == 403 && isJsonError(r, "FORBIDDEN"), code(r));
    authFailuresCounted(t, wire, j);
    eventTypes(wire, j);
    return j.result(19, T19);
  }

  /** {@code auth_failures} grows by one for a 401 and by one for a 403 (clause 19 counts 401, 403 and 429). */
  private static void authFailuresCounted(Target t, Wire wire, Judge j) throws Exception {
    if (t.token() == null) {
      j.note("auth_failures not checked: the hub is open (run with --token)");
      return;
    }
    String path = "/v1/sse/missed?client_id=conf-counted-" + UUID.randomUUID();
    long before = authFailures(wire);
    Wire.Reply missing = wire.send("GET", t.base().resolve(path), null, Map.of());
    long afterMissing = authFailures(wire);
    Wire.Reply invalid = wire.send("GET", t.base().resolve(path), null, wire.authFor("conf-invalid-" + UUID.randomUUID()));
    long afterInvalid = authFailures(wire);
    j.that("stats auth_failures grows with a " + missing.status() + " (no token)", missing.status() == 401
        && afterMissing > before, before + " -> " + afterMissing);
    j.that("stats auth_failures grows with a " + invalid.status() + " (an invalid token)", invalid.status() == 403
        && afterInvalid > afterMissing, afterMissing + " -> " + afterInvalid);
  }

  /** {@code event_types}: sorted, every type published, {@code message} for a message without one. */
  private static void eventTypes(Wire wire, Judge j) throws Exception {
    String type = "conf-types-" + UUID.randomUUID().toString().substring(0, 8);
    wire.broadcast("{\"event\":\"" + type + "\",\"data\":\"typed\"}");
    wire.broadcast("{\"data\":\"untyped\"}");
    JsonNode stats = wire.admin("GET", "/v1/admin/stats", null).json();
    List<String> types = new ArrayList<>();
    if (stats != null) {
      stats.path("event_types").forEach(e -> types.add(e.asText()));
    }
    List<String> sorted = new ArrayList<>(types);
    java.util.Collections.sort(sorted);
    j.that("stats event_types is sorted and lists " + type + " and message (for a message without a type)",
        types.equals(sorted) && (types.size() >= 100 || types.contains(type) && types.contains("message")),
        types.size() + " types" + (types.equals(sorted) ? "" : ", not sorted: " + types));
  }

  static long authFailures(Wire wire) throws Exception {
    JsonNode stats = wire.admin("GET", "/v1/admin/stats", null).json();
    return stats == null ? -1 : stats.path("auth_failures").asLong(-1);
  }

  /** Numbers in a payload go out as they came in: no rounding, no turning into strings (clause 22). */
  private static void exactNumbers(Wire wire, Judge j) throws Exception {
    String type = "conf-numbers-" + UUID.randomUUID().toString().substring(0, 8);
    String data = "{\"big\":123456789012345678901234567890,\"fine\":0.10000000000000000000001}";
    try (EventStream s = wire.connect("conf-numbers-" + UUID.randomUUID(), Map.of(), WAIT)) {
      wire.broadcast("{\"event\":\"" + type + "\",\"data\":" + data + "}");
      EventStream.Event e = s.next(type, WAIT);
      j.eq("a broadcast's numbers on the stream, exactly as sent", data, e == null ? null : e.data());
    }
  }

  private static CheckResult faults(Target t, Wire wire) throws Exception {
    if (!t.hasAdmin()) {
      return CheckResult.skip(20, T20, "run with --admin-url and --admin-token");
    }
    Judge j = new Judge();
    String type = "conf-fault-" + UUID.randomUUID().toString().substring(0, 8);
    String id = "conf-fault-" + UUID.randomUUID();
    try (EventStream s = wire.connect(id, Map.of(), WAIT)) {
      Wire.Reply f = wire.admin("POST", "/v1/admin/faults", "{\"type\":\"disconnect\",\"client_id\":\"" + id + "\"}");
      j.eq("disconnect answer affected", 1, f.json() == null ? null : f.json().path("affected").asInt());
      j.that("disconnect ends the stream", s.endsWithin(WAIT), "ended");
    }
    DisconnectCounts.check(wire, j);
    try (EventStream s = wire.connect(id, Map.of(), WAIT)) {
      wire.admin("POST", "/v1/admin/faults", "{\"type\":\"cut\",\"client_id\":\"" + id + "\"}");
      String cut = wire.broadcast("{\"event\":\"" + type + "\",\"data\":\"" + "c".repeat(200) + "\"}");
      EventStream.Event e = s.next(type, WAIT);
      j.that("cut: the next event does not arrive whole", e == null || !cut.equals(e.id()), e == null ? "none" : e.id());
      j.that("cut: then the stream ends", s.endsWithin(WAIT), "ended");
    }
    try (EventStream s = wire.connect(id, Map.of(), WAIT)) {
      wire.admin("POST", "/v1/admin/faults", "{\"type\":\"retry\",\"client_id\":\"" + id + "\",\"retry_ms\":1234}");
      EventStream.Reading r = s.until(e -> e.retry() != null, "a block with retry:", WAIT);
      List<EventStream.Event> got = r.events();
      j.eq("retry: a block with retry: 1234 (" + r.how() + ")", 1234, r.reached() ? got.get(got.size() - 1).retry()
          : null);
      long start = System.nanoTime();
      wire.admin("POST", "/v1/admin/faults", "{\"type\":\"stall\",\"client_id\":\"" + id + "\",\"duration_ms\":800}");
      String during = wire.broadcast("{\"event\":\"" + type + "\",\"data\":\"stalled\"}");
      EventStream.Event late = s.next(type, WAIT);
      long waitedMs = (System.nanoTime() - start) / 1_000_000;
      j.that("stall 800 ms: a broadcast sent during it arrives no earlier than ~800 ms", late != null
          && during.equals(late.id()) && waitedMs >= 700, waitedMs + " ms");
    }
    wire.admin("POST", "/v1/admin/faults", "{\"type\":\"reject\",\"count\":1,\"status\":503,\"retry_after\":3}");
    Wire.Reply rejected = wire.send("GET", t.stream(), null, wire.auth());
    j.that("reject: the next connect is 503 INJECTED_FAULT with Retry-After 3", rejected.status() == 503
        && isJsonError(rejected, "INJECTED_FAULT") && "3".equals(rejected.header("Retry-After")),
        code(rejected) + " Retry-After " + rejected.header("Retry-After"));
    try (EventStream s = wire.open("/v1/sse", Map.of(), false)) {
      j.eq("reject count 1: the connect after it", 200, s.status);
    }
    wire.admin("POST", "/v1/admin/faults", "{\"type\":\"reject\",\"count\":2,\"status\":429}");
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      statuses.add(wire.send("GET", t.stream(), null, wire.auth()).status());
    }
    j.eq("reject count 2, status 429: the next three connects", List.of(429, 429, 200), statuses);
    rejectBeforeAuth(t, wire, j);
    disconnectAll(wire, j);
    return j.result(20, T20);
  }

  /** {@code reject} answers before auth: a connect with no token gets the injected status, not 401. */
  private static void rejectBeforeAuth(Target t, Wire wire, Judge j) throws Exception {
    if (t.token() == null) {
      j.note("reject before auth not checked: the hub is open (run with --token)");
      return;
    }
    wire.admin("POST", "/v1/admin/faults", "{\"type\":\"reject\",\"count\":1,\"status\":503}");
    Wire.Reply tokenless = wire.send("GET", t.stream(), null, Map.of());
    j.that("reject: a connect with no token is answered 503 INJECTED_FAULT (rejects come before auth), not 401",
        tokenless.status() == 503 && isJsonError(tokenless, "INJECTED_FAULT"), code(tokenless));
    try (EventStream s = wire.open("/v1/sse", Map.of(), false)) {
      j.eq("the tokenless connect used up the reject: the connect after it", 200, s.status);
    }
  }

  /** {@code disconnect} without a client id ends every stream and counts them. */
  private static void disconnectAll(Wire wire, Judge j) throws Exception {
    try (EventStream a = wire.connect("conf-all-a-" + UUID.randomUUID(), Map.of(), WAIT);
        EventStream b = wire.connect("conf-all-b-" + UUID.randomUUID(), Map.of(), WAIT)) {
      Wire.Reply f = wire.admin("POST", "/v1/admin/faults", "{\"type\":\"disconnect\"}");
      int affected = f.json() == null ? -1 : f.json().path("affected").asInt(-1);
      j.that("disconnect without client_id: affected counts both open streams (at least 2)", affected >= 2, affected);
      j.that("and both end", a.endsWithin(WAIT) && b.endsWithin(WAIT), "ended");
    }
  }

  private static CheckResult badInput(Target t, Wire wire) throws Exception {
    Judge j = new Judge();
    Wire.Reply malformed = wire.send("POST", t.base().resolve("/v1/sse/ack"), "{not json", wire.auth());
    j.that("malformed JSON is 400 BAD_REQUEST", malformed.status() == 400 && isJsonError(malformed, "BAD_REQUEST"),
        code(malformed));
    Wire.Reply illTyped = wire.send("POST", t.base().resolve("/v1/sse/ack"),
        "{\"client_id\":\"conf\",\"last_event_id\":5}", wire.auth());
    j.that("an ill-typed field is 400 BAD_REQUEST", illTyped.status() == 400 && isJsonError(illTyped, "BAD_REQUEST"),
        code(illTyped));
    Wire.Reply duplicate = wire.send("POST", t.base().resolve("/v1/sse/ack"),
        "{\"client_id\":\"conf\",\"client_id\":\"conf-2\",\"last_event_id\":\"x\"}", wire.auth());
    j.that("a duplicate key is 400 BAD_REQUEST", duplicate.status() == 400 && isJsonError(duplicate, "BAD_REQUEST"),
        code(duplicate));
    Wire.Reply trailing = wire.send("POST", t.base().resolve("/v1/sse/ack"),
        "{\"client_id\":\"conf\",\"last_event_id\":\"x\"} {}", wire.auth());
    j.that("anything after the JSON value is 400 BAD_REQUEST", trailing.status() == 400
        && isJsonError(trailing, "BAD_REQUEST"), code(trailing));
    if (t.hasAdmin()) {
      exactNumbers(wire, j);
    }
    HeadRequests.check(t, wire, j);
    Wire.Reply unknownPath = wire.send("GET", t.base().resolve("/conformance/no-such-path"), null, wire.auth());
    j.that("an unknown path is 404 NOT_FOUND", unknownPath.status() == 404 && isJsonError(unknownPath, "NOT_FOUND"),
        code(unknownPath));
    for (String[] m : new String[][] {{"DELETE", "/v1/sse", "GET"}, {"GET", "/v1/sse/ack", "POST"}}) {
      Wire.Reply r = wire.send(m[0], t.base().resolve(m[1]), null, wire.auth());
      String allow = String.valueOf(r.header("Allow")).toUpperCase(Locale.ROOT);
      j.that(m[0] + " " + m[1] + " is 405 METHOD_NOT_ALLOWED with Allow listing " + m[2], r.status() == 405
          && isJsonError(r, "METHOD_NOT_ALLOWED") && allow.contains(m[2]), code(r) + ", Allow " + r.header("Allow"));
    }
    int huge = t.maxBodyBytes() + 1024;
    Http1.RawReply ack = wire.declaredBody("POST", "/v1/sse/ack", wire.auth(), huge, Duration.ofSeconds(1));
    j.eq("an ack body of " + huge + " bytes", 413, ack.status());
    if (t.hasAdmin()) {
      Http1.RawReply big = wire.declaredBody("POST", "/v1/admin/broadcast",
          Wire.bearer(t.adminToken()), huge, Duration.ofSeconds(1));
      j.eq("a broadcast body of " + huge + " bytes", 413, big.status());
    }
    try (Socket s = Http1.connect(t.base(), Duration.ofSeconds(5))) {
      s.getOutputStream().write("\u0001GARBAGE \u0000 HTTP/9\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      try {
        s.getInputStream().read();
      } catch (java.io.IOException ignored) {
        // closing is a fine answer to garbage
      }
    }
    Wire.Reply health = wire.send("GET", t.base().resolve("/healthz"), null, Map.of());
    j.eq("/healthz after garbage on the wire", 200, health.status());
    return j.result(22, T22);
  }
}
