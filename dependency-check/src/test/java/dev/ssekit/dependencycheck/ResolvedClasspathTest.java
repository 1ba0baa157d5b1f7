package dev.ssekit.dependencycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * An app with the SDK and Retrofit 3 (OkHttp 4.12, Okio 3) that imports ssekit-bom, as README says, resolves
 * one OkHttp and one Okio major.
 */
class ResolvedClasspathTest {

  @Test
  void everyOkHttpArtifactResolvesToTheSdksOkHttpVersion() {
    List<String> okhttp = Resolved.runtimeArtifacts().stream()
        .filter(a -> a.startsWith("com.squareup.okhttp3:")).collect(Collectors.toList());

    assertThat(okhttp).contains("com.squareup.okhttp3:okhttp-jvm:5.5.1", "com.squareup.okhttp3:okhttp:5.5.1")
        .allMatch(a -> a.endsWith(":5.5.1"));
  }

  @Test
  void everyOkioArtifactHasOneMajorVersionAndOneVersion() {
    List<String> okio = Resolved.runtimeArtifacts().stream()
        .filter(a -> a.startsWith("com.squareup.okio:")).collect(Collectors.toList());

    assertThat(okio).isNotEmpty();
    assertThat(okio.stream().map(a -> a.substring(a.lastIndexOf(':') + 1)).distinct()).hasSize(1)
        .allMatch(v -> v.startsWith("3."));
  }

  @Test
  void eachOkHttpAndOkioClassIsOnTheClasspathOnceAndIsOkHttp5() throws IOException {
    for (String name : new String[] {"okhttp3/OkHttpClient.class", "okhttp3/Address.class",
        "okhttp3/sse/EventSource.class", "okio/Buffer.class", "okio/Okio.class"}) {
      List<URL> copies = Collections.list(getClass().getClassLoader().getResources(name));
      assertThat(copies).as(name).hasSize(1);
    }
    assertThat(okhttp3.OkHttp.VERSION).isEqualTo("5.5.1");
  }
}
