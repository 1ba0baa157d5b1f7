package dev.ssekit.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The duplicate filter's bounds, as the README states them: the last 4,096 processed ids, 1 Mi characters of
 * them at most, and no id that could not go back as {@code Last-Event-ID} (over 1,024 bytes in UTF-8).
 */
class ProcessedIdsTest {

  /** Whether {@code id} is still remembered: a replay that starts with it is dropped. */
  private static boolean remembers(ProcessedIds ids, String id) {
    ids.replayStarts();
    boolean replay = ids.isReplay(id);
    ids.noReplay();
    return replay;
  }

  @Test
  void theClientsFilterRemembersTheLast4096ProcessedIds() {
    ProcessedIds ids = new ResumeTrackerIds().ids;
    for (int i = 1; i <= 5_000; i++) {
      ids.add(Integer.toString(i));
    }
    assertThat(remembers(ids, "904")).isFalse();
    assertThat(remembers(ids, "905")).isTrue();
    assertThat(remembers(ids, "5000")).isTrue();
  }

  @Test
  void theIdsTogetherHoldAtMostOneMiCharacters() {
    ProcessedIds ids = new ProcessedIds(4096);
    String pad = "x".repeat(999);
    for (int i = 0; i < 1_100; i++) {
      ids.add(String.format("%04d", i) + pad); // 1,003 characters each
    }
    int kept = 1024 * 1024 / 1_003; // 1,045
    assertThat(remembers(ids, String.format("%04d", 1_100 - kept) + pad)).isTrue();
    assertThat(remembers(ids, String.format("%04d", 1_100 - kept - 1) + pad)).isFalse();
  }

  @Test
  void anIdOver1024BytesInUtf8IsNotKeptEvenWhenItHasFewerCharacters() {
    ProcessedIds ids = new ProcessedIds(4096);
    String ascii1024 = "a".repeat(1024);
    String ascii1025 = "a".repeat(1025);
    String twoByte = "é".repeat(600); // 600 characters, 1,200 bytes
    ids.add(ascii1024);
    ids.add(ascii1025);
    ids.add(twoByte);
    assertThat(remembers(ids, ascii1024)).isTrue();
    assertThat(remembers(ids, ascii1025)).isFalse();
    assertThat(remembers(ids, twoByte)).isFalse();
  }

  /** The filter as the client makes it. */
  private static final class ResumeTrackerIds {
    final ProcessedIds ids = new ProcessedIds(ResumeTracker.PROCESSED_IDS);
  }
}
