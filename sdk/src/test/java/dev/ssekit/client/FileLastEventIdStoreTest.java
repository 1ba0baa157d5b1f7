package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 9 rule 8: the file store replaces its file atomically, so a reader or a crash sees old or new content. */
class FileLastEventIdStoreTest {

  @TempDir
  Path dir;

  @Test
  void whatWasSavedLoadsInANewInstanceWhateverTheCharacters() {
    Path file = dir.resolve("state.properties");
    FileLastEventIdStore store = new FileLastEventIdStore(file);
    store.saveClientId("phone-1");
    store.saveLastEventId("café-\uD83C\uDF89-…=:#!\\ 1");
    FileLastEventIdStore reopened = new FileLastEventIdStore(file);
    assertThat(reopened.lastEventId()).isEqualTo("café-\uD83C\uDF89-…=:#!\\ 1");
    assertThat(reopened.clientId()).isEqualTo("phone-1");
    store.saveLastEventId("");
    assertThat(new FileLastEventIdStore(file).lastEventId()).isEmpty();
  }

  @Test
  void aTempFileLeftHalfWrittenByACrashLeavesTheOldContentAndTheNextSaveWorks() throws Exception {
    Path file = dir.resolve("state.properties");
    new FileLastEventIdStore(file).saveLastEventId("41");
    Files.write(dir.resolve("state.properties.tmp"), "lastEventId=4".getBytes(StandardCharsets.ISO_8859_1));
    FileLastEventIdStore afterCrash = new FileLastEventIdStore(file);
    assertThat(afterCrash.lastEventId()).isEqualTo("41");
    afterCrash.saveLastEventId("42");
    assertThat(new FileLastEventIdStore(file).lastEventId()).isEqualTo("42");
    assertThat(dir.resolve("state.properties.tmp")).doesNotExist();
  }

  @Test
  void aReaderDuringManySavesAlwaysSeesACompleteOldOrNewValue() throws Exception {
    Path file = dir.resolve("state.properties");
    FileLastEventIdStore writer = new FileLastEventIdStore(file);
    writer.saveLastEventId("0");
    AtomicBoolean done = new AtomicBoolean();
    List<String> seen = new ArrayList<>();
    Thread reader = new Thread(() -> {
      while (!done.get()) {
        seen.add(new FileLastEventIdStore(file).lastEventId());
      }
    });
    reader.start();
    java.util.Set<String> written = new java.util.HashSet<>(List.of("0"));
    for (int i = 1; i <= 60; i++) {
      String id = "event-" + i + "-" + "x".repeat(i * 37); // long enough to take more than one write
      written.add(id);
      writer.saveLastEventId(id);
    }
    done.set(true);
    reader.join(10_000);
    assertThat(seen).isNotEmpty().allSatisfy(v -> assertThat(written).contains(v));
    assertThat(new FileLastEventIdStore(file).lastEventId()).startsWith("event-60-");
  }
}
