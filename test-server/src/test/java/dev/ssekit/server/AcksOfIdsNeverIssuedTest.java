package dev.ssekit.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.server.support.EventStream;
import dev.ssekit.server.support.HubClient;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Clause 17: "An id the hub did not issue answers 400 UNKNOWN_EVENT_ID", and the id of another client's private
 * message gets the same answer. A hub id written with extra leading zeros was never issued (found by an outside
 * attack: it was taken for the id it pads, so it was acknowledged, told private ids apart, and reset /missed).
 */
class AcksOfIdsNeverIssuedTest {

  private SseTestServer server;
  private HubClient client;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HubClient.Reply ack(String token, String clientId, String id) {
    return client.post("/v1/sse/ack", "{\"client_id\":\"" + clientId + "\",\"last_event_id\":\"" + id + "\"}",
        Map.of("Authorization", "Bearer " + token));
  }

  @Test
  void anIdPaddedWithLeadingZerosWasNeverIssuedAndIsRefused() {
    server = SseTestServer.start(HubConfig.builder().tokenValidator(TokenValidator.staticTokens("ta")).build());
    client = new HubClient(server.url());
    try (EventStream s = EventStream.open(server.streamUrl(), Map.of("Authorization", "Bearer ta", "X-Client-ID", "me"))) {
      s.next("connected");
      String issued = server.hub().broadcast(Message.of("one"));          // <run>-1
      String run = issued.substring(0, issued.lastIndexOf('-') + 1);
      String neverIssued = run + "0001";                                  // never issued by this hub
      assertThat(server.hub().getMessageBuffer().getMessages()).extracting(m -> m.id()).doesNotContain(neverIssued);
      HubClient.Reply r = ack("ta", "me", neverIssued);
      String acked = server.hub().getDeliveryManager().getClientTracker("me").map(ClientDeliveryTracker::lastAckedId).orElse(null);
      assertThat(r.status()).as("ack of never-issued id %s (tracker now holds %s)", neverIssued, acked).isEqualTo(400);
      assertThat(r.json().get("code").asText()).isEqualTo("UNKNOWN_EVENT_ID");
    }
  }

  @Test
  void anotherClientsPrivateIdPaddedWithZerosGetsTheSameRefusalAsTheExactId() {
    server = SseTestServer.start(HubConfig.builder().tokenValidator(TokenValidator.staticTokens("ta", "tb")).build());
    client = new HubClient(server.url());
    try (EventStream a = EventStream.open(server.streamUrl(), Map.of("Authorization", "Bearer ta", "X-Client-ID", "alice"));
        EventStream b = EventStream.open(server.streamUrl(), Map.of("Authorization", "Bearer tb", "X-Client-ID", "bob"))) {
      a.next("connected");
      b.next("connected");
      String secret = server.hub().sendToClient("alice", Message.of("for alice only"));
      String run = secret.substring(0, secret.lastIndexOf('-') + 1);
      String seq = secret.substring(run.length());
      // The exact id is answered as an id that was never issued (clause 17): 400.
      assertThat(ack("tb", "bob", secret).status()).isEqualTo(400);
      // A never-issued spelling of it must get the same answer.
      HubClient.Reply padded = ack("tb", "bob", run + "00" + seq);
      assertThat(padded.status()).as("ack of %s", run + "00" + seq).isEqualTo(400);
    }
  }

  @Test
  void aPaddedIdNeverReplacesTheLastAckSoMissedStillStartsAfterIt() {
    server = SseTestServer.start(HubConfig.builder().tokenValidator(TokenValidator.staticTokens("ta")).build());
    client = new HubClient(server.url());
    try (EventStream s = EventStream.open(server.streamUrl(), Map.of("Authorization", "Bearer ta", "X-Client-ID", "me"))) {
      s.next("connected");
      server.hub().broadcast(Message.of("one"));
      String two = server.hub().broadcast(Message.of("two"));
      String run = two.substring(0, two.lastIndexOf('-') + 1);
      assertThat(ack("ta", "me", two).status()).isEqualTo(204);
      assertThat(ack("ta", "me", run + "02").status()).isEqualTo(400);
      assertThat(server.hub().getDeliveryManager().getClientTracker("me").map(ClientDeliveryTracker::lastAckedId))
          .contains(two);
      // Clause 16: without last_received_id, /missed lists the messages after the client's last acknowledged id.
      HubClient.Reply missed = client.get("/v1/sse/missed?client_id=me", Map.of("Authorization", "Bearer ta"));
      assertThat(missed.status()).isEqualTo(200);
      assertThat(missed.json().size()).as("/missed: %s", missed.body()).isZero();
    }
  }

  @Test
  void aResumeFromAPaddedIdIsAResumeFromAnUnknownId() {
    server = SseTestServer.start(HubConfig.builder().tokenValidator(TokenValidator.staticTokens("ta")).build());
    client = new HubClient(server.url());
    String one = server.hub().broadcast(Message.of("one"));
    String run = one.substring(0, one.lastIndexOf('-') + 1);
    try (EventStream s = EventStream.open(server.streamUrl(), Map.of("Authorization", "Bearer ta", "X-Client-ID", "me",
        "Last-Event-ID", run + "01"))) {
      s.next("connected");
      assertThat(s.next("gap")).as("clause 14: an id the hub never issued").isNotNull();
    }
  }
}
