package dev.ssekit.conformance.internal;

import static dev.ssekit.conformance.internal.Checks.NEEDS_ADMIN;
import static dev.ssekit.conformance.internal.Checks.QUIET;
import static dev.ssekit.conformance.internal.Checks.WAIT;
import static dev.ssekit.conformance.internal.Checks.check;
import static dev.ssekit.conformance.internal.Checks.quote;

import dev.ssekit.conformance.CheckResult;
import dev.ssekit.conformance.Target;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Clauses 10 and 11: framing (live and replayed alike) and ids. */
public final class FramingChecks {

  private static final String T10 = "Framing: a data line per line, raw strings, JSON, null; replay byte-identical";
  private static final String T11 = "Ids: unique <run>-<seq>, ordered; a caller's own id kept, up to 256 characters";

  private FramingChecks() {}

  public static List<Check> all(Target t) {
    return List.of(check(10, T10, wire -> framing(t, wire)), check(11, T11, wire -> ids(t, wire)));
  }

  private static CheckResult framing(Target t, Wire wire) throws Exception {
    if (!t.hasAdmin()) {
      return CheckResult.skip(10, T10, NEEDS_ADMIN);
    }
    Judge j = new Judge();
    String type = "conf-framing-" + UUID.randomUUID().toString().substring(0, 8);
    String quoted = "say \"hi\" \\ h\u00e9llo \u20ac \uD83D\uDE00";
    String[] datas = {quote("one\ntwo\r\nthree\rfour"), "{\"k\":[1,true],\"s\":\"x\"}", "null", quote(quoted),
        quote("")};
    String[] expected = {"one\ntwo\nthree\nfour", "{\"k\":[1,true],\"s\":\"x\"}", "", quoted, ""};
    String before = wire.broadcast("{\"event\":\"conf-framing-start\",\"data\":\"start\"}");
    List<EventStream.Event> live;
    try (EventStream s = wire.connect("conf-frame-" + UUID.randomUUID(), Map.of(), WAIT)) {
      for (String d : datas) {
        wire.broadcast("{\"event\":\"" + type + "\",\"data\":" + d + "}");
      }
      live = s.take(type, datas.length, WAIT);
    }
    j.eq("live events", datas.length, live.size());
    for (int i = 0; i < Math.min(live.size(), datas.length); i++) {
      j.eq("data of " + datas[i].replace("\n", "\\n"), expected[i].replace("\n", "\\n"),
          live.get(i).data() == null ? null : live.get(i).data().replace("\n", "\\n"));
    }
    if (!live.isEmpty()) {
      long dataLines = live.get(0).raw().lines().filter(l -> l.startsWith("data:")).count();
      j.that("four data: lines for data with LF, CRLF and CR", dataLines == 4,
          live.get(0).raw().replace("\n", "\\n"));
    }
    try (EventStream replay = wire.open("/v1/sse", Map.of("Last-Event-ID", before,
        "X-Client-ID", "conf-frame-" + UUID.randomUUID()), false)) {
      List<EventStream.Event> again = replay.take(type, datas.length, WAIT);
      List<String> liveRaw = new ArrayList<>();
      live.forEach(e -> liveRaw.add(e.raw()));
      List<String> replayRaw = new ArrayList<>();
      again.forEach(e -> replayRaw.add(e.raw()));
      j.that("each replayed block is byte-identical to its live form", liveRaw.equals(replayRaw),
          liveRaw.equals(replayRaw) ? datas.length + " blocks" : "live " + liveRaw + " replayed " + replayRaw);
    }
    fieldOrder(wire, j);
    for (String[] bad : new String[][] {{"id with LF", "{\"id\":\"a\\nb\",\"data\":\"x\"}"},
        {"id with NUL", "{\"id\":\"a\\u0000b\",\"data\":\"x\"}"}, {"event with CR", "{\"event\":\"a\\rb\",\"data\":\"x\"}"}}) {
      j.eq("a broadcast with an " + bad[0], 400, wire.admin("POST", "/v1/admin/broadcast", bad[1]).status());
    }
    return j.result(10, T10);
  }

  /** A message's lines go out as id, event, retry, then data (clause 10). */
  private static void fieldOrder(Wire wire, Judge j) throws Exception {
    String type = "conf-order-" + UUID.randomUUID().toString().substring(0, 8);
    try (EventStream s = wire.connect("conf-order-" + UUID.randomUUID(), Map.of(), WAIT)) {
      wire.broadcast("{\"event\":\"" + type + "\",\"retry\":4321,\"data\":\"one\\ntwo\"}");
      EventStream.Event e = s.next(type, WAIT);
      List<String> fields = new ArrayList<>();
      if (e != null) {
        e.raw().lines().forEach(l -> fields.add(l.substring(0, Math.max(0, l.indexOf(':')))));
      }
      j.eq("the lines of a message with an event type and retry", List.of("id", "event", "retry", "data", "data"),
          fields);
    }
  }

  private static CheckResult ids(Target t, Wire wire) throws Exception {
    if (!t.hasAdmin()) {
      return CheckResult.skip(11, T11, NEEDS_ADMIN);
    }
    Judge j = new Judge();
    String type = "conf-id-" + UUID.randomUUID().toString().substring(0, 8);
    int n = 40;
    try (EventStream s = wire.connect("conf-ids-" + UUID.randomUUID(), Map.of(), WAIT)) {
      List<String> bodies = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        bodies.add("{\"event\":\"" + type + "\",\"data\":\"" + i + "\"}");
      }
      List<String> assigned = wire.broadcastAll(bodies, 4, 0, s::messages, ReplayChecks.lagWindow(t));
      Set<String> distinct = new HashSet<>(assigned);
      j.that("the hub assigned " + n + " distinct non-empty ids to " + n + " quick broadcasts",
          distinct.size() == n && !distinct.contains(""), distinct.size() + " distinct");
      Set<String> runs = new HashSet<>();
      assigned.forEach(id -> runs.add(String.valueOf(Ids.run(id))));
      j.that("each has the form <run>-<seq>, all of one run", runs.size() == 1 && !runs.contains("null"), runs);
      List<EventStream.Event> got = s.take(type, n, WAIT);
      List<String> received = new ArrayList<>();
      got.forEach(e -> received.add(e.id()));
      j.that("the stream received each assigned id once", received.size() == n
          && new HashSet<>(received).equals(distinct), received.size() + " events, "
          + new HashSet<>(received).size() + " distinct ids");
      j.that("nothing more", s.next(type, QUIET) == null, "quiet for " + QUIET.toMillis() + " ms");
      String own = "conf-own-" + UUID.randomUUID();
      String answered = wire.broadcast("{\"id\":\"" + own + "\",\"event\":\"" + type + "\",\"data\":\"own\"}");
      j.eq("the id answered for a caller's own id", own, answered);
      EventStream.Event ownEvent = s.next(type, WAIT);
      j.eq("the id line of a caller's own id", own, ownEvent == null ? null : ownEvent.id());
      String a = wire.broadcast("{\"event\":\"" + type + "\",\"data\":\"a\"}");
      String b = wire.broadcast("{\"event\":\"" + type + "\",\"data\":\"b\"}");
      j.that("of two broadcasts one after the other, the later has the higher <seq>", Ids.seq(a) >= 1
          && Ids.seq(b) > Ids.seq(a), a + ", " + b);
    }
    String longest = "conf-" + "i".repeat(251);
    Wire.Reply fits = wire.admin("POST", "/v1/admin/broadcast", "{\"id\":\"" + longest + "\",\"data\":\"x\"}");
    j.that("a caller's id of 256 characters is taken as it is", fits.status() == 200 && fits.json() != null
        && longest.equals(fits.json().path("id").asText()), fits.status());
    Wire.Reply over = wire.admin("POST", "/v1/admin/broadcast", "{\"id\":\"" + longest + "j\",\"data\":\"x\"}");
    j.that("a caller's id of 257 characters is 400 BAD_REQUEST", over.status() == 400
        && Checks.isJsonError(over, "BAD_REQUEST"), Checks.code(over));
    return j.result(11, T11);
  }
}
