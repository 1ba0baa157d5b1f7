package dev.ssekit.conformance.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Clause 13's origin: resuming from {@code <run>-0} replays every buffered message of the run from its first,
 * with no gap notice, while the run's first message is held; once it was evicted, the gap notice of clause 14
 * comes first, then everything buffered. Which case holds is read from {@code /v1/admin/stats} (nothing was
 * evicted while the buffer holds every message published), so the check judges whatever state it finds.
 */
final class OriginResume {

  private OriginResume() {}

  static void check(Wire wire, String type, Judge j) throws Exception {
    String marker = wire.broadcast("{\"event\":\"" + type + "\",\"data\":\"origin marker\"}");
    String origin = Ids.origin(marker);
    if (origin == null) {
      j.that("a hub-assigned id has the form <run>-<seq>", false, marker);
      return;
    }
    JsonNode stats = wire.admin("GET", "/v1/admin/stats", null).json();
    long published = stats == null ? -1 : stats.path("messages_published").asLong(-1);
    long held = stats == null ? -2 : stats.path("buffer_size").asLong(-2);
    boolean firstHeld = published == held;
    String client = "conf-origin-" + UUID.randomUUID();
    List<String> visible = Wire.ids(wire.missed(client, null, wire.auth()));
    try (EventStream s = wire.open("/v1/sse", Map.of("X-Client-ID", client, "Last-Event-ID", origin), false)) {
      EventStream.Event connected = s.next("connected", Checks.WAIT);
      EventStream.Reading r = s.until(marker, Checks.MARKER_WAIT);
      String firstType = r.events().stream().map(EventStream.Event::type).filter(seen -> !seen.equals("heartbeat"))
          .findFirst().orElse(null);
      List<String> replayed = r.ids();
      String where = "resuming from the origin " + origin + " (" + published + " published, " + held + " held: the "
          + "run's first message " + (firstHeld ? "is held" : "was evicted") + ")";
      j.that(where + ": connected, then the stream reaches the newest message", connected != null && r.reached(),
          r.how());
      if (firstHeld) {
        j.that(where + ": no gap notice", !"gap".equals(firstType), firstType);
        j.that(where + ": every buffered message from the first, as /missed lists them", replayed.equals(visible),
            replayed.equals(visible) ? replayed.size() + " ids in order"
                : ReplayChecks.difference(visible, replayed));
      } else {
        j.eq(where + ": first event", "gap", firstType);
        boolean suffix = replayed.size() <= visible.size()
            && visible.subList(visible.size() - replayed.size(), visible.size()).equals(replayed);
        j.that(where + ": then everything buffered, as /missed lists it (less any expired since)",
            suffix && !replayed.isEmpty(), replayed.size() + " replayed of " + visible.size() + " listed");
      }
    }
  }
}
