package dev.ssekit.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.server.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Clause 12: the in-memory replay buffer. */
class MessageBufferTest {

  private final MutableClock clock = new MutableClock();

  private static BufferedMessage msg(String id) {
    return new BufferedMessage(id, null, "d-" + id, Instant.EPOCH, null, null, null);
  }

  private static List<String> ids(List<BufferedMessage> messages) {
    return messages.stream().map(BufferedMessage::id).toList();
  }

  @Test
  void keepsAtMostMaxSizeMessagesDroppingTheOldest() {
    MessageBuffer buffer = MessageBuffer.inMemory(3, Duration.ofHours(1), clock);
    for (String id : new String[] {"1", "2", "3", "4", "5"}) {
      buffer.addMessage(msg(id));
    }
    assertThat(ids(buffer.getMessages())).containsExactly("3", "4", "5");
    assertThat(buffer.getSize()).isEqualTo(3);
    assertThat(buffer.contains("2")).isFalse();
    assertThat(buffer.getMessagesSince("2")).isEmpty();
    assertThat(buffer.getMessagesSince("3").orElseThrow()).extracting(BufferedMessage::id).containsExactly("4", "5");
    assertThat(buffer.oldestId()).contains("3");
  }

  @Test
  void expiredMessagesAreNeverReturnedEvenBeforeASweep() {
    MessageBuffer buffer = MessageBuffer.inMemory(10, Duration.ofMinutes(10), clock);
    buffer.addMessage(msg("old"));
    clock.advance(Duration.ofMinutes(6));
    buffer.addMessage(msg("new"));
    clock.advance(Duration.ofMinutes(5)); // "old" is 11 minutes old, "new" 5
    assertThat(ids(buffer.getMessages())).containsExactly("new");
    assertThat(buffer.getMessagesSince("old")).isEmpty();
    assertThat(buffer.contains("old")).isFalse();
    assertThat(buffer.getSize()).isEqualTo(1);
    clock.advance(Duration.ofMinutes(6));
    assertThat(buffer.getMessages()).isEmpty();
    assertThat(buffer.oldestId()).isEmpty();
  }

  @Test
  void repeatedIdPointsAtTheNewestMessage() {
    MessageBuffer buffer = MessageBuffer.inMemory(10, Duration.ofHours(1), clock);
    buffer.addMessage(msg("a"));
    buffer.addMessage(msg("dup"));
    buffer.addMessage(msg("b"));
    buffer.addMessage(msg("dup"));
    buffer.addMessage(msg("c"));
    assertThat(ids(buffer.getMessagesSince("dup").orElseThrow())).containsExactly("c");
  }

  @Test
  void clearDropsEverything() {
    MessageBuffer buffer = MessageBuffer.inMemory(10, Duration.ofHours(1), clock);
    buffer.addMessage(msg("a"));
    buffer.clear();
    assertThat(buffer.getSize()).isZero();
    assertThat(buffer.contains("a")).isFalse();
    buffer.addMessage(msg("b"));
    assertThat(ids(buffer.getMessages())).containsExactly("b");
  }

  @Test
  void undeliveredMessagesAreThoseAfterTheAckThatTheClientMaySee() {
    MessageBuffer buffer = MessageBuffer.inMemory(10, Duration.ofHours(1), clock);
    buffer.addMessage(msg("1"));
    buffer.addMessage(new BufferedMessage("2", null, "x", Instant.EPOCH, null, null, "bob"));
    buffer.addMessage(new BufferedMessage("3", null, "x", Instant.EPOCH, null, null, "alice"));
    buffer.addMessage(msg("4"));
    assertThat(ids(buffer.getUndeliveredMessages("alice", "1"))).containsExactly("3", "4");
    assertThat(ids(buffer.getUndeliveredMessages("alice", null))).containsExactly("1", "3", "4");
  }

  @Test
  void hubBuffersBroadcastsAndPrivateSendsAlike() {
    try (Hub hub = Hub.create(HubConfig.builder().bufferSize(5).build())) {
      hub.getDeliveryManager().registerClient("alice");
      String b = hub.broadcast(Message.of("all"));
      String p = hub.sendToClient("alice", Message.of("only alice"));
      assertThat(ids(hub.getMessageBuffer().getMessages())).containsExactly(b, p);
      assertThat(hub.getMessageBuffer().getMessages().get(1).recipient()).isEqualTo("alice");
    }
  }

  @Test
  void hubNeverReplaysAnExpiredMessage() {
    try (Hub hub = Hub.create(HubConfig.builder().bufferTtl(Duration.ofMinutes(1)).clock(clock).build())) {
      String a = hub.broadcast(Message.of("a"));
      clock.advance(Duration.ofSeconds(61));
      String b = hub.broadcast(Message.of("b"));
      assertThat(ids(hub.getMissedMessages("x", null))).containsExactly(b);
      assertThat(hub.getMessageBuffer().getMessagesSince(a)).isEmpty();
    }
  }
}
