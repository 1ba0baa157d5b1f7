package dev.ssekit.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class LoadFleetTest {

  @Test
  void givesEachLoadProcessItsOwnSourceAddresses() {
    assertThat(LoadFleet.sourcesOf(0, 2, 4)).isEqualTo("127.0.0.2,127.0.0.4");
    assertThat(LoadFleet.sourcesOf(1, 2, 4)).isEqualTo("127.0.0.3,127.0.0.5");
    assertThat(LoadFleet.sourcesOf(0, 1, 3)).isEqualTo("127.0.0.2,127.0.0.3,127.0.0.4");
  }

  @Test
  void sharesFewerSourceAddressesThanProcessesInTurn() {
    assertThat(LoadFleet.sourcesOf(2, 3, 1)).isEqualTo("127.0.0.2");
    assertThat(LoadFleet.sourcesOf(1, 3, 2)).isEqualTo("127.0.0.3");
    assertThat(LoadFleet.sourcesOf(2, 3, 2)).isEqualTo("127.0.0.2");
  }

  @Test
  void refusesCountsThatCannotWork() {
    URI url = URI.create("http://127.0.0.1:1/v1/sse");
    assertThatThrownBy(() -> new LoadFleet("java", url, "t", 0, 1, 1)).hasMessageContaining("streams >= 1");
    assertThatThrownBy(() -> new LoadFleet("java", url, "t", 10, 0, 1)).hasMessageContaining("processes >= 1");
    assertThatThrownBy(() -> new LoadFleet("java", url, "t", 10, 1, 251)).hasMessageContaining("1-250 sources");
  }
}
