package dev.ssekit.conformance.internal.mutants;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.conformance.internal.Wire;
import dev.ssekit.conformance.internal.mutants.Exchange.Answer;
import dev.ssekit.conformance.internal.mutants.Exchange.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A hub whose replay and live subscription are two steps instead of one: it either replays the buffer and then
 * subscribes (losing what is published between), or subscribes and then replays everything after the client's
 * id without skipping what the live queue already holds (doubling it). The pause between the steps stands for
 * the time a real hub spends writing the replay.
 */
final class SeamMutation implements Mutation {

  /** The time between the two steps. */
  static final long PAUSE_MILLIS = 40;

  private final boolean replayFirst;

  SeamMutation(boolean replayFirst) {
    this.replayFirst = replayFirst;
  }

  @Override
  public Request opening(StreamSession st, Request r, ProxyState s) throws Exception {
    String last = st.lastEventId();
    if (last == null) {
      return r;
    }
    st.attributes().put("last", last);
    Request live = r.withHeader("last-event-id", null).withParam("last_event_id", null);
    if (st.clientId() == null) {
      st.clientId("c-seam-" + UUID.randomUUID());
      live = live.withHeader("x-client-id", st.clientId());
    }
    if (replayFirst) {
      st.attributes().put("replay", replay(st, r, s, last));
      Thread.sleep(PAUSE_MILLIS);
    }
    return live;
  }

  @Override
  public List<Block> block(StreamSession st, Block b, ProxyState s) throws Exception {
    String last = (String) st.attributes().get("last");
    if (last == null || !b.event().equals("connected") || st.attributes().containsKey("done")) {
      return List.of(b);
    }
    st.attributes().put("done", true);
    @SuppressWarnings("unchecked")
    List<Block> replay = (List<Block>) st.attributes().get("replay");
    if (replay == null) {
      Thread.sleep(PAUSE_MILLIS);
      replay = replay(st, st.request(), s, last);
    }
    List<Block> out = new ArrayList<>();
    out.add(b);
    out.addAll(replay);
    return out;
  }

  /** The replay read from /missed, with a gap first when the hub did not know the id. */
  private static List<Block> replay(StreamSession st, Request r, ProxyState s, String last) throws Exception {
    Map<String, String> auth = new TreeMap<>();
    for (String h : new String[] {"authorization", "x-encrypted-token"}) {
      if (r.header(h) != null) {
        auth.put(h, r.header(h));
      }
    }
    String query = "client_id=" + Wire.enc(st.clientId()) + "&last_received_id=" + Wire.enc(last);
    for (String p : new String[] {"token", "encrypted_token"}) {
      if (r.param(p) != null) {
        query += "&" + p + "=" + Wire.enc(r.param(p));
      }
    }
    Answer missed = s.forward(new Request("GET", "/v1/sse/missed", query, auth, null));
    List<Block> out = new ArrayList<>();
    JsonNode list = missed.json();
    if ("true".equals(missed.header("x-ssekit-gap"))) {
      String oldest = list != null && list.size() > 0 ? list.get(0).path("id").asText() : null;
      out.add(Block.message(null, "gap", Wire.JSON.createObjectNode().put("last_event_id", last)
          .put("oldest_available_id", oldest).toString()));
    }
    if (list != null && list.isArray()) {
      list.forEach(e -> out.add(ServerMutants.frame(e)));
    }
    return out;
  }
}
