package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.client.support.ClientOverMockServer;
import dev.ssekit.client.support.SseStreams;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, item 2: a new event is never dropped. Only a declared replay (our hub's {@code connected} event
 * at the start of a connection sent with {@code Last-Event-ID}, or any such connection when the app opted in)
 * may drop repeats of processed events, and only its prefix; a generic server that reuses ids delivers all.
 */
class DuplicatesTest extends ClientOverMockServer {

  private SseClient start(SseConfig.Builder config) {
    return start("/v1/sse",
        config.reconnectPolicy(ReconnectPolicy.builder().initialDelayMillis(5).maxDelayMillis(20).build()), recorder);
  }

  @Test
  void aGenericServerWhoseCounterRestartedDeliversEveryEvent() {
    server.enqueue(SseStreams.ending("id: 1\ndata: a\n\nid: 2\ndata: b\n\nid: 3\ndata: c\n\n"));
    server.enqueue(SseStreams.open("id: 1\ndata: new a\n\nid: 2\ndata: new b\n\nid: 3\ndata: new c\n\n"));
    start(SseConfig.builder());
    for (String line : new String[] {"event 1 message a", "event 2 message b", "event 3 message c",
        "event 1 message new a", "event 2 message new b", "event 3 message new c"}) {
      assertThat(recorder.nextEvent()).isEqualTo(line);
    }
  }

  @Test
  void idsRepeatedWithinAndAcrossConnectionsAreNeverAReasonToDrop() {
    server.enqueue(SseStreams.ending("id: topic\ndata: 1\n\nid: topic\ndata: 2\n\n"));
    server.enqueue(SseStreams.open("id: topic\ndata: 3\n\nid: topic\ndata: 4\n\nid: topic\ndata: 5\n\n"));
    start(SseConfig.builder());
    for (int i = 1; i <= 5; i++) {
      assertThat(recorder.nextEvent()).isEqualTo("event topic message " + i);
    }
  }

  private static final String HUB_CONNECTED = "event: connected\ndata: {\"client_id\":\"c-1\"}\n\n";

  @Test
  void ourHubsConnectedEventOnAResumedConnectionDeclaresAReplayWhosePrefixOfProcessedIdsIsDroppedVisibly()
      throws Exception {
    java.util.List<String> duplicates = new java.util.concurrent.CopyOnWriteArrayList<>();
    dev.ssekit.client.support.Recorder app = new dev.ssekit.client.support.Recorder() {
      @Override
      public void onReplayedDuplicate(SseEvent event) {
        duplicates.add(event.id());
      }
    };
    server.enqueue(SseStreams.ending(HUB_CONNECTED + "id: 1\ndata: a\n\nid: 2\ndata: b\n\n"));
    server.enqueue(SseStreams.open(HUB_CONNECTED + "id: 1\ndata: a\n\nid: 2\ndata: b\n\nid: 3\ndata: c\n\n"
        + "id: 1\ndata: a live event that reuses an id\n\n"));
    start("/v1/sse", SseConfig.builder()
        .reconnectPolicy(ReconnectPolicy.builder().initialDelayMillis(5).maxDelayMillis(20).build()), app);
    for (String line : new String[] {"event null connected {\"client_id\":\"c-1\"}", "event 1 message a",
        "event 2 message b", "event 2 connected {\"client_id\":\"c-1\"}", "event 3 message c",
        "event 1 message a live event that reuses an id"}) {
      assertThat(app.nextEvent()).isEqualTo(line);
    }
    assertThat(duplicates).containsExactly("1", "2");
    assertThat(client.duplicatesDropped()).isEqualTo(2);
    take();
    assertThat(take().getHeaders().get("Last-Event-ID")).isEqualTo("2");
  }

  @Test
  void ourHubsConnectedEventOnAConnectSentWithoutLastEventIdDeclaresNoReplay() throws Exception {
    server.enqueue(SseStreams.ending("id: 1\ndata: a\n\nid:\ndata: reset\n\n"));
    server.enqueue(SseStreams.open(HUB_CONNECTED + "id: 1\ndata: b\n\n"));
    start(SseConfig.builder());
    assertThat(recorder.nextEvent()).isEqualTo("event 1 message a");
    assertThat(recorder.nextEvent()).isEqualTo("event null message reset");
    assertThat(recorder.nextEvent()).startsWith("event null connected");
    assertThat(recorder.nextEvent()).isEqualTo("event 1 message b");
    take();
    assertThat(take().getHeaders().get("Last-Event-ID")).isNull();
    assertThat(client.duplicatesDropped()).isZero();
  }

  @Test
  void withTheOptInAGenericServersResumedConnectionDropsOnlyItsPrefixOfProcessedIds() {
    server.enqueue(SseStreams.ending("id: 1\ndata: a\n\nid: 2\ndata: b\n\n"));
    server.enqueue(SseStreams.open("id: 2\ndata: b\n\nid: 3\ndata: c\n\nid: 2\ndata: new b\n\n"));
    start(SseConfig.builder().dropReplayedDuplicates(true));
    for (String line : new String[] {"event 1 message a", "event 2 message b", "event 3 message c",
        "event 2 message new b"}) {
      assertThat(recorder.nextEvent()).isEqualTo(line);
    }
    assertThat(client.duplicatesDropped()).isEqualTo(1);
  }

  @Test
  void withTheOptInARestartedServersFirstEventsWithProcessedIdsAreTakenForAReplay() {
    server.enqueue(SseStreams.ending("id: 1\ndata: old a\n\nid: 2\ndata: old b\n\nid: 3\ndata: old c\n\n"));
    server.enqueue(SseStreams.open("id: 1\ndata: new a\n\nid: 2\ndata: new b\n\nid: 4\ndata: new d\n\n"
        + "id: 1\ndata: later a\n\n"));
    start(SseConfig.builder().dropReplayedDuplicates(true));
    for (String line : new String[] {"event 1 message old a", "event 2 message old b", "event 3 message old c",
        "event 4 message new d", "event 1 message later a"}) {
      assertThat(recorder.nextEvent()).isEqualTo(line);
    }
    assertThat(client.duplicatesDropped()).as("the opt-in cannot tell new events with old ids from a replay")
        .isEqualTo(2);
  }

  @Test
  void noEventIsCountedAsADuplicateWithoutADeclaredReplay() {
    server.enqueue(SseStreams.ending("id: 1\ndata: a\n\n"));
    server.enqueue(SseStreams.open("id: 1\ndata: a\n\n"));
    start(SseConfig.builder());
    recorder.nextEvent();
    recorder.nextEvent();
    assertThat(client.duplicatesDropped()).isZero();
  }
}
