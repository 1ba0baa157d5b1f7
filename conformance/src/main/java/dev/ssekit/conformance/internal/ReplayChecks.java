package dev.ssekit.conformance.internal;

import static dev.ssekit.conformance.internal.Checks.NEEDS_ADMIN;
import static dev.ssekit.conformance.internal.Checks.QUIET;
import static dev.ssekit.conformance.internal.Checks.WAIT;
import static dev.ssekit.conformance.internal.Checks.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.conformance.CheckResult;
import dev.ssekit.conformance.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** Clauses 12-14: buffer bounds and TTL, replay (also under concurrent publishing), gaps. */
public final class ReplayChecks {

  private static final String T12 = "Buffer bounded by size and TTL; evicted and expired ids are unknown";
  private static final String T13 = "Replay after Last-Event-ID (header or query), exact under concurrent publishing";
  private static final String T14 = "An unknown Last-Event-ID: gap with the right oldest id, then the buffer";
  /** The longest TTL the suite waits out. */
  static final Duration MAX_TTL_WAIT = Duration.ofSeconds(30);
  static final int SEAM_MESSAGES = 200;
  static final int SEAM_CONNECTIONS = 8;

  private ReplayChecks() {}

  public static List<Check> all(Target t) {
    return List.of(check(12, T12, wire -> buffer(t, wire)), check(13, T13, wire -> replay(t, wire)),
        check(14, T14, wire -> gap(t, wire)));
  }

  private static String type(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static CheckResult buffer(Target t, Wire wire) throws Exception {
    if (!t.hasAdmin()) {
      return CheckResult.skip(12, T12, NEEDS_ADMIN);
    }
    JsonNode stats = wire.admin("GET", "/v1/admin/stats", null).json();
    Integer size = t.bufferSize() != null ? t.bufferSize()
        : stats != null && stats.hasNonNull("buffer_max_size") ? stats.get("buffer_max_size").asInt() : null;
    Duration ttl = t.bufferTtl() != null ? t.bufferTtl()
        : stats != null && stats.hasNonNull("buffer_ttl_ms") ? Duration.ofMillis(stats.get("buffer_ttl_ms").asLong())
        : null;
    if (size == null || ttl == null) {
      return CheckResult.skip(12, T12, "run with --buffer-size N and --buffer-ttl DURATION (the hub's own settings; "
          + "a TTL of at most " + MAX_TTL_WAIT.toSeconds() + " s)");
    }
    if (ttl.compareTo(MAX_TTL_WAIT) > 0) {
      return CheckResult.skip(12, T12, "the TTL " + ttl + " is too long to wait out: start the hub with a TTL of at "
          + "most " + MAX_TTL_WAIT.toSeconds() + " s and pass it as --buffer-ttl");
    }
    Judge j = new Judge();
    String type = type("conf-buffer");
    // Nothing this check publishes can expire before start + TTL: observations made by then show the size bound
    // alone; later ones could be expiry hiding an unbounded buffer, and are not trusted.
    long start = System.nanoTime();
    String first = wire.broadcast("{\"event\":\"" + type + "\",\"data\":\"first\"}");
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      bodies.add("{\"event\":\"" + type + "\",\"data\":\"" + i + "\"}");
    }
    List<String> ids = wire.broadcastAll(bodies, 4);
    Judge sized = new Judge();
    JsonNode after = wire.admin("GET", "/v1/admin/stats", null).json();
    int held = after == null ? -1 : after.path("buffer_size").asInt(-1);
    sized.that("stats buffer_size after " + (size + 1) + " broadcasts is at most " + size, held >= 0 && held <= size,
        held);
    Wire.Reply missed = wire.missed("conf-buffer-" + UUID.randomUUID(), first, wire.auth());
    List<String> listed = Wire.ids(missed);
    sized.eq("/missed after the evicted first id: X-Ssekit-Gap", "true", missed.header("X-Ssekit-Gap"));
    sized.that("/missed lists at most " + size, listed.size() <= size && listed.size() > 0, listed.size());
    sized.that("/missed does not list the evicted id", !listed.contains(first), first);
    sized.eq("/missed ends with the newest", ids.isEmpty() ? null : lastOf(ids, listed), listed.isEmpty() ? null
        : listed.get(listed.size() - 1));
    try (EventStream s = wire.open("/v1/sse", Map.of("Last-Event-ID", first), false)) {
      EventStream.Event e = afterConnected(s);
      sized.eq("stream after the evicted id: first event", "gap", e == null ? null : e.type());
    }
    long observedMillis = (System.nanoTime() - start) / 1_000_000;
    String window = "publishing " + (size + 1) + " and reading them back took " + observedMillis + " ms of the "
        + ttl.toMillis() + " ms TTL";
    if (observedMillis < ttl.toMillis() || !sized.ok()) {
      j.note(window).merge(sized);
    } else {
      j.inconclusive(window + ": expiry alone could have emptied the buffer");
    }
    origin(wire, first, type, j);
    String doomed = wire.broadcast("{\"event\":\"" + type + "\",\"data\":\"expires\"}");
    Thread.sleep(ttl.toMillis() + 300); // the TTL is the hub's; this waits it out once, measured, not guessed
    Wire.Reply expired = wire.missed("conf-ttl-" + UUID.randomUUID(), null, wire.auth());
    j.that("an expired message is not listed by /missed", !Wire.ids(expired).contains(doomed), Wire.ids(expired).size()
        + " listed");
    try (EventStream s = wire.open("/v1/sse", Map.of("Last-Event-ID", doomed), false)) {
      EventStream.Event e = afterConnected(s);
      j.eq("stream after an expired id: first event", "gap", e == null ? null : e.type());
      j.that("the expired message is not replayed", e == null || s.next(type, QUIET) == null, "nothing of it");
    }
    return j.result(12, T12);
  }

  /**
   * Clause 13's origin once the run's first message is surely gone (this check published more than the buffer
   * holds): resuming from {@code <run>-0} gets the gap notice, then what is buffered.
   */
  private static void origin(Wire wire, String hubId, String type, Judge j) throws Exception {
    String origin = Ids.origin(hubId);
    if (origin == null) {
      j.that("a hub-assigned id has the form <run>-<seq>", false, hubId);
      return;
    }
    try (EventStream s = wire.open("/v1/sse", Map.of("Last-Event-ID", origin), false)) {
      EventStream.Event e = afterConnected(s);
      j.eq("resuming from the origin " + origin + " once the run's first message was evicted: first event", "gap",
          e == null ? null : e.type());
      EventStream.Event next = e == null ? null : s.next(type, WAIT);
      j.that("then the buffered messages", next != null, next == null ? "none within " + WAIT.toSeconds() + " s"
          : next.id());
    }
  }

  /** The newest of {@code ids} in the hub's order: the one {@code listed} shows last, else the last called. */
  private static String lastOf(List<String> ids, List<String> listed) {
    for (int i = listed.size() - 1; i >= 0; i--) {
      if (ids.contains(listed.get(i))) {
        return listed.get(i);
      }
    }
    return ids.get(ids.size() - 1);
  }

  /**
   * The first event after {@code connected} that is not a heartbeat (a hub with a short heartbeat interval may send
   * one at any time), or null.
   */
  static EventStream.Event afterConnected(EventStream s) throws InterruptedException {
    EventStream.Reading r = s.until(e -> !e.type().equals("connected") && !e.type().equals("heartbeat"),
        "an event after connected", WAIT);
    return r.reached() ? r.events().get(r.events().size() - 1) : null;
  }

  private static List<String> idsOf(List<EventStream.Event> events) {
    List<String> out = new ArrayList<>();
    events.forEach(e -> out.add(e.id()));
    return out;
  }

  private static CheckResult replay(Target t, Wire wire) throws Exception {
    if (!t.hasAdmin()) {
      return CheckResult.skip(13, T13, NEEDS_ADMIN);
    }
    Judge j = new Judge();
    String type = type("conf-replay");
    OriginResume.check(wire, type, j); // first: on a fresh hub, before anything expires, the run's first is held
    String p1 = wire.broadcast("{\"event\":\"" + type + "\",\"data\":\"1\"}");
    String p2 = wire.broadcast("{\"event\":\"" + type + "\",\"data\":{\"n\":2}}");
    String p3 = wire.broadcast("{\"event\":\"" + type + "\",\"data\":\"3\"}");
    try (EventStream s = wire.open("/v1/sse", Map.of("Last-Event-ID", p1), false)) {
      List<String> got = idsOf(s.take(type, 2, WAIT));
      String p4 = wire.broadcast("{\"event\":\"" + type + "\",\"data\":\"4\"}");
      got.addAll(idsOf(s.take(type, 1, WAIT)));
      EventStream.Event extra = s.next(type, QUIET);
      j.eq("Last-Event-ID header: replay then live", List.of(p2, p3, p4), got);
      j.eq("then nothing more", null, extra == null ? null : extra.id());
    }
    try (EventStream s = wire.open("/v1/sse?last_event_id=" + Wire.enc(p1), Map.of(), false)) {
      j.eq("last_event_id query parameter", List.of(p2, p3), idsOf(s.take(type, 2, WAIT)));
    }
    try (EventStream s = wire.open("/v1/sse?last_event_id=" + Wire.enc(p1), Map.of("Last-Event-ID", p2), false)) {
      j.eq("header wins over query", List.of(p3), idsOf(s.take(type, 1, WAIT)));
    }
    joinPosition(wire, type, j);
    seam(t, wire, j);
    return j.result(13, T13);
  }

  /** Clauses 8 and 13: resuming from a fresh connect's join position gets what was published since, no gap. */
  private static void joinPosition(Wire wire, String type, Judge j) throws Exception {
    String join;
    try (EventStream s = wire.open("/v1/sse", Map.of(), false)) {
      EventStream.Event connected = s.next(WAIT);
      JsonNode data = connected == null ? null : Checks.json(connected.data());
      join = data == null ? null : data.path("last_event_id").asText(null);
    }
    j.that("a fresh connect's join position", join != null && !join.isEmpty(), join);
    if (join == null || join.isEmpty()) {
      return;
    }
    String q1 = wire.broadcast("{\"event\":\"" + type + "\",\"data\":\"after the join 1\"}");
    String q2 = wire.broadcast("{\"event\":\"" + type + "\",\"data\":\"after the join 2\"}");
    try (EventStream s = wire.open("/v1/sse", Map.of("Last-Event-ID", join), false)) {
      EventStream.Event first = afterConnected(s);
      j.that("resuming from the join position: no gap notice", first != null && !first.type().equals("gap"),
          first == null ? null : first.type());
      List<String> got = new ArrayList<>();
      if (first != null && first.type().equals(type)) {
        got.add(first.id());
      }
      got.addAll(idsOf(s.take(type, 2 - got.size(), WAIT)));
      j.eq("resuming from the join position: what was published since", List.of(q1, q2), got);
    }
  }

  /**
   * Publishes {@value #SEAM_MESSAGES} messages (at most half the buffer, so no id the client holds is evicted)
   * from two connections while one client reconnects with its
   * Last-Event-ID about every {@value #SEAM_MESSAGES}/{@value #SEAM_CONNECTIONS} events; what it receives over all
   * its connections must be exactly what a stream that never reconnected received.
   */
  /** The longest the seam check waits for its publisher, which is paced by its readers. */
  private static final Duration PUBLISH_WAIT = Duration.ofSeconds(90);

  private static void seam(Target t, Wire wire, Judge j) throws Exception {
    String type = type("conf-seam");
    int messages = t.bufferSize() == null ? SEAM_MESSAGES : Math.max(20, Math.min(SEAM_MESSAGES, t.bufferSize() / 2));
    String client = "conf-seam-" + UUID.randomUUID();
    String anchor = wire.broadcast("{\"event\":\"" + type + "-anchor\",\"data\":\"anchor\"}");
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < messages; i++) {
      bodies.add("{\"event\":\"" + type + "\",\"data\":\"" + i + "\"}");
    }
    List<String> reconnecting = new ArrayList<>();
    AtomicInteger progress = new AtomicInteger();
    int duringPublishing = 0;
    int connections = 0;
    int window = lagWindow(t);
    try (EventStream control = wire.connect("conf-seam-control-" + UUID.randomUUID(), Map.of(), WAIT)) {
      CompletableFuture<List<String>> published = CompletableFuture.supplyAsync(() -> {
        try {
          // paced (about one message a millisecond) so that publishing spans the client's reconnects on any
          // machine, and never more than `window` ahead of either reader, so neither is dropped as slow
          return wire.broadcastAll(bodies, 2, 2, () -> Math.min(control.messages(), progress.get()), window);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      String last = anchor;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      int quota = Math.max(1, messages / SEAM_CONNECTIONS);
      while (reconnecting.size() < messages && System.nanoTime() < deadline) {
        connections++;
        if (!published.isDone()) {
          duringPublishing++;
        }
        int before = reconnecting.size();
        try (EventStream s = wire.open("/v1/sse", Map.of("X-Client-ID", client, "Last-Event-ID", last), false)) {
          for (int k = 0; k < quota; k++) {
            EventStream.Event e = s.next(type, WAIT);
            if (e == null) {
              break;
            }
            reconnecting.add(e.id());
            progress.incrementAndGet();
            last = e.id();
          }
        }
        if (reconnecting.size() == before) {
          break;
        }
      }
      List<String> ids;
      try {
        ids = published.get(PUBLISH_WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        j.that("the " + messages + " broadcasts of the seam check are answered", false, "still publishing after "
            + PUBLISH_WAIT.toSeconds() + " s");
        return;
      }
      List<String> reference = idsOf(control.take(type, messages, WAIT));
      j.that("the never-reconnected stream got every published id once",
          new HashSet<>(reference).equals(new HashSet<>(ids)) && reference.size() == ids.size(),
          reference.size() + " of " + ids.size());
      j.that("over " + connections + " connections (" + duringPublishing + " opened while publishing), the "
          + "reconnecting client got exactly the same sequence", reconnecting.equals(reference),
          reconnecting.equals(reference) ? reconnecting.size() + " ids in order" : difference(reference, reconnecting));
    }
  }

  /**
   * How far the seam check lets a reader fall behind the newest message: half the client queue the hub allows
   * (clause 18), so a reader descheduled for a while is never dropped as a slow consumer.
   */
  static int lagWindow(Target t) {
    return t.clientQueue() == null ? SEAM_MESSAGES : Math.max(2, t.clientQueue() / 2);
  }

  /** Where two id sequences part, for evidence. */
  static String difference(List<String> expected, List<String> actual) {
    int i = 0;
    while (i < expected.size() && i < actual.size() && expected.get(i).equals(actual.get(i))) {
      i++;
    }
    List<String> missing = new ArrayList<>(expected);
    missing.removeAll(actual);
    int dups = actual.size() - new HashSet<>(actual).size();
    return "first difference at #" + i + " (expected " + (i < expected.size() ? expected.get(i) : "end") + ", got "
        + (i < actual.size() ? actual.get(i) : "end") + "); " + missing.size() + " missing, " + dups + " duplicated";
  }

  private static CheckResult gap(Target t, Wire wire) throws Exception {
    Judge j = new Judge();
    String unknown = "conformance-unknown-" + UUID.randomUUID();
    String type = type("conf-gap");
    String client = "conf-gap-" + UUID.randomUUID();
    List<String> fresh = new ArrayList<>();
    if (t.hasAdmin()) {
      for (int i = 0; i < 3; i++) {
        fresh.add(wire.broadcast("{\"event\":\"" + type + "\",\"data\":\"" + i + "\"}"));
      }
    }
    List<String> visible = Wire.ids(wire.missed(client, unknown, wire.auth()));
    try (EventStream s = wire.open("/v1/sse", Map.of("Last-Event-ID", unknown, "X-Client-ID", client), false)) {
      EventStream.Event first = afterConnected(s);
      JsonNode data = first == null ? null : Checks.json(first.data());
      j.eq("first event after connected", "gap", first == null ? null : first.type());
      j.eq("gap id line", null, first == null ? null : first.id());
      j.eq("gap last_event_id", unknown, data == null ? null : data.path("last_event_id").asText(null));
      j.that("gap has oldest_available_id", data != null && data.has("oldest_available_id"), data);
      if (!t.hasAdmin() && j.ok()) {
        return CheckResult.skip(14, T14, NEEDS_ADMIN + " (to check the replay after the gap); without it: "
            + j.result(14, T14).evidence());
      }
      if (!t.hasAdmin()) {
        return j.result(14, T14);
      }
      String marker = wire.broadcast("{\"event\":\"" + type + "-end\",\"data\":\"end\"}");
      EventStream.Reading reading = s.until(marker, Checks.MARKER_WAIT);
      j.that("the stream reaches the broadcast published after the gap", reading.reached(), reading.how());
      List<String> replayed = reading.ids();
      replayed.remove(marker);
      boolean suffix = replayed.size() <= visible.size()
          && visible.subList(visible.size() - replayed.size(), visible.size()).equals(replayed);
      j.that("after the gap, the replay is what /missed lists for an unknown id (less any expired since)",
          suffix && replayed.containsAll(fresh) && !replayed.isEmpty(),
          replayed.size() + " replayed of " + visible.size() + " listed; the 3 just published "
              + (replayed.containsAll(fresh) ? "included" : "missing"));
      String oldest = data == null ? null : data.path("oldest_available_id").asText(null);
      if (oldest == null) {
        j.that("oldest_available_id is null only for an empty buffer", visible.isEmpty(), visible.size() + " held");
      } else if (!visible.isEmpty() && oldest.equals(visible.get(0))) {
        j.note("oldest_available_id " + oldest + " is the first held message");
      } else {
        Wire.Reply fromOldest = wire.missed(client, oldest, wire.auth());
        boolean held = fromOldest.status() == 200 && fromOldest.header("X-Ssekit-Gap") == null;
        List<String> after = Wire.ids(fromOldest);
        after.remove(marker);
        j.that("oldest_available_id " + oldest + " is held and nothing visible is older", held
            && !visible.contains(oldest) && after.equals(visible), held ? "after it: " + after.size()
            + " of " + visible.size() : "/missed after it: " + fromOldest.status() + " gap "
            + fromOldest.header("X-Ssekit-Gap"));
      }
    }
    earlierRun(wire, fresh.get(0), j);
    return j.result(14, T14);
  }

  /**
   * An id from an earlier run ({@code <other run>-<seq>}, with the seq of a message this run holds) is unknown: a
   * hub that reads only the seq would resume after the wrong message without a word.
   */
  private static void earlierRun(Wire wire, String held, Judge j) throws Exception {
    if (Ids.run(held) == null) {
      j.that("a hub-assigned id has the form <run>-<seq>", false, held);
      return;
    }
    String foreign = "r" + UUID.randomUUID().toString().substring(0, 8) + "-" + Ids.seq(held);
    try (EventStream s = wire.open("/v1/sse", Map.of("Last-Event-ID", foreign), false)) {
      EventStream.Event e = afterConnected(s);
      j.eq("an id of another run with a held message's seq (" + foreign + " beside " + held + "): first event", "gap",
          e == null ? null : e.type());
    }
  }
}
