package dev.ssekit.dependencycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Why README says to import ssekit-bom: the same app without it (dependency-check/without-bom) resolves OkHttp 4
 * for Retrofit beside okhttp-jvm 5 for the SDK, two artifacts that both hold the {@code okhttp3} classes.
 */
class WithoutTheBomTest {

  @Test
  void withoutTheBomMavenKeepsOkHttp4BesideOkHttpJvm5() {
    List<String> resolved = Resolved.artifacts(Resolved.root("dependency-check/without-bom/target/resolved-runtime.txt"));

    assertThat(resolved).contains("com.squareup.okhttp3:okhttp-jvm:5.5.1")
        .anyMatch(a -> a.startsWith("com.squareup.okhttp3:okhttp:4."));
  }
}
