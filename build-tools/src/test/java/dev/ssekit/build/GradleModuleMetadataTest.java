package dev.ssekit.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ssekit.build.GradleModuleMetadata.Artifact;
import dev.ssekit.build.GradleModuleMetadata.Dependency;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradleModuleMetadataTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private static final List<String> LIST = Arrays.asList(
      "",
      "The following files have been resolved:",
      "   com.squareup.okhttp3:okhttp-jvm:jar:5.5.1:compile -- module okhttp3 [auto]",
      "   com.fasterxml.jackson.core:jackson-databind:jar:2.23.0:compile -- module com.fasterxml.jackson.databind",
      "   org.example:runtime-only:jar:1.0:runtime",
      "   org.example:opt:jar:1.0:compile (optional) -- module opt",
      "   org.example:prov:jar:1.0:provided",
      "   org.junit.jupiter:junit-jupiter:jar:6.1.3:test -- module org.junit.jupiter",
      "   net.sf.androidscents.signature:android-api-level-26:signature:8.0.0_r2:test",
      "   org.example:native:jar:linux-x86_64:2.0:test",
      "");

  private Path file(String name, String content) throws IOException {
    return Files.write(dir.resolve(name), content.getBytes(StandardCharsets.UTF_8));
  }

  private JsonNode render(List<String> list, List<String> renames) throws IOException {
    List<Artifact> files = new ArrayList<>();
    files.add(new Artifact("jar", file("m-1.0.jar", "jar bytes")));
    files.add(new Artifact("sources", file("m-1.0-sources.jar", "sources")));
    files.add(new Artifact("javadoc", file("m-1.0-javadoc.jar", "javadoc")));
    String text = GradleModuleMetadata.render("dev.ssekit", "m", "1.0", 17, GradleModuleMetadata.parseList(list),
        GradleModuleMetadata.parseRenames(renames), files);
    return JSON.readTree(text);
  }

  private static JsonNode variant(JsonNode module, String name) {
    for (JsonNode v : module.get("variants")) {
      if (v.get("name").asText().equals(name)) {
        return v;
      }
    }
    throw new AssertionError("no variant " + name + " in " + module);
  }

  private static List<String> dependencies(JsonNode variant) {
    List<String> result = new ArrayList<>();
    JsonNode deps = variant.get("dependencies");
    if (deps != null) {
      for (JsonNode d : deps) {
        result.add(d.get("group").asText() + ":" + d.get("module").asText() + ":" + d.get("version").get("requires").asText());
      }
    }
    return result;
  }

  @Test
  void readsEveryLineShapeThatDependencyListPrints() {
    List<Dependency> deps = GradleModuleMetadata.parseList(LIST);

    assertThat(deps).extracting(d -> d.coordinates() + ":" + d.version + ":" + d.scope + (d.optional ? "?" : ""))
        .containsExactly("com.squareup.okhttp3:okhttp-jvm:5.5.1:compile",
            "com.fasterxml.jackson.core:jackson-databind:2.23.0:compile", "org.example:runtime-only:1.0:runtime",
            "org.example:opt:1.0:compile?", "org.example:prov:1.0:provided",
            "org.junit.jupiter:junit-jupiter:6.1.3:test",
            "net.sf.androidscents.signature:android-api-level-26:8.0.0_r2:test", "org.example:native:2.0:test");
    assertThat(deps.get(7).classifier).isEqualTo("linux-x86_64");
  }

  @Test
  void colourCodesThatMavenWritesIntoTheFileAreIgnored() {
    List<Dependency> deps = GradleModuleMetadata.parseList(Arrays.asList(
        "   com.squareup.okhttp3:okhttp-jvm:jar:5.5.1:compile\u001B[36m -- module okhttp3\u001B[m",
        "   org.awaitility:awaitility:jar:4.3.0:test\u001B[36m -- module awaitility\u001B[0;1;33m (auto)\u001B[m"));

    assertThat(deps).extracting(d -> d.coordinates() + ":" + d.version + ":" + d.scope)
        .containsExactly("com.squareup.okhttp3:okhttp-jvm:5.5.1:compile", "org.awaitility:awaitility:4.3.0:test");
  }

  @Test
  void aLineThatLooksLikeADependencyButCannotBeReadFails() {
    assertThatThrownBy(() -> GradleModuleMetadata.parseList(Collections.singletonList("   org.example:broken")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("org.example:broken");
  }

  @Test
  void compileGoesToApiAndRuntimeRuntimeOnlyToRuntimeAndTheRestNowhere() throws IOException {
    JsonNode module = render(LIST, Collections.emptyList());

    assertThat(dependencies(variant(module, "apiElements"))).containsExactly(
        "com.squareup.okhttp3:okhttp-jvm:5.5.1", "com.fasterxml.jackson.core:jackson-databind:2.23.0");
    assertThat(dependencies(variant(module, "runtimeElements"))).containsExactly(
        "com.squareup.okhttp3:okhttp-jvm:5.5.1", "com.fasterxml.jackson.core:jackson-databind:2.23.0",
        "org.example:runtime-only:1.0");
    assertThat(dependencies(variant(module, "sourcesElements"))).isEmpty();
  }

  @Test
  void aRenameChangesTheModuleGradleSeesAndKeepsTheVersion() throws IOException {
    JsonNode module = render(LIST,
        Collections.singletonList("com.squareup.okhttp3:okhttp-jvm=com.squareup.okhttp3:okhttp"));

    for (String name : new String[] {"apiElements", "runtimeElements"}) {
      assertThat(dependencies(variant(module, name)))
          .contains("com.squareup.okhttp3:okhttp:5.5.1")
          .noneMatch(d -> d.contains("okhttp-jvm"));
    }
  }

  @Test
  void aRenameThatMatchesNothingFailsInsteadOfSilentlyDoingNothing() {
    assertThatThrownBy(() -> render(LIST, Collections.singletonList("com.squareup.okhttp3:okhttp-jvmm=a:b")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("okhttp-jvmm matches no");
  }

  @Test
  void malformedRenamesAreRefused() {
    for (String bad : new String[] {"a:b", "a:b=c", "a=b:c", "a:b:c=d:e", "a:b=c:d=e:f", "a b:c=d:e"}) {
      assertThatThrownBy(() -> GradleModuleMetadata.parseRenames(Collections.singletonList(bad)))
          .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group:module=group:module");
    }
    assertThatThrownBy(() -> GradleModuleMetadata.parseRenames(Arrays.asList("a:b=c:d", "a:b=e:f")))
        .hasMessageContaining("renamed twice: a:b");
  }

  @Test
  void aPublishedDependencyWithAClassifierIsRefused() {
    List<String> list = Collections.singletonList("   org.example:native:jar:linux:2.0:compile");

    assertThatThrownBy(() -> render(list, Collections.emptyList()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("classifier linux");
  }

  @Test
  void describesTheComponentTheJavaVariantsAndEachFileWithItsSizeAndHashes() throws IOException {
    JsonNode module = render(LIST, Collections.emptyList());

    assertThat(module.get("formatVersion").asText()).isEqualTo("1.1");
    assertThat(module.get("component").toString())
        .isEqualTo("{\"group\":\"dev.ssekit\",\"module\":\"m\",\"version\":\"1.0\","
            + "\"attributes\":{\"org.gradle.status\":\"release\"}}");
    JsonNode api = variant(module, "apiElements");
    assertThat(api.get("attributes").toString()).isEqualTo("{\"org.gradle.category\":\"library\","
        + "\"org.gradle.dependency.bundling\":\"external\",\"org.gradle.jvm.version\":17,"
        + "\"org.gradle.libraryelements\":\"jar\",\"org.gradle.usage\":\"java-api\"}");
    assertThat(variant(module, "runtimeElements").get("attributes").get("org.gradle.usage").asText())
        .isEqualTo("java-runtime");
    assertThat(variant(module, "javadocElements").get("attributes").get("org.gradle.docstype").asText())
        .isEqualTo("javadoc");
    JsonNode jar = api.get("files").get(0);
    assertThat(jar.get("name").asText()).isEqualTo("m-1.0.jar");
    assertThat(jar.get("url").asText()).isEqualTo("m-1.0.jar");
    assertThat(jar.get("size").asLong()).isEqualTo(9);
    // "jar bytes", hashed by another tool (sha1sum)
    assertThat(jar.get("sha1").asText()).isEqualTo("01c56e3ae46c962debe4976038d5ba38d1e61ef7");
    assertThat(GradleModuleMetadata.digest("SHA-1", "abc".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
    assertThat(jar.get("sha256").asText()).hasSize(64);
    assertThat(jar.get("sha512").asText()).hasSize(128);
    assertThat(jar.get("md5").asText()).hasSize(32);
  }

  @Test
  void aSnapshotIsAnIntegrationBuild() throws IOException {
    String text = GradleModuleMetadata.render("g", "m", "1.0-SNAPSHOT", 17, Collections.emptyList(),
        Collections.emptyMap(), Collections.singletonList(new Artifact("jar", file("m.jar", ""))));

    assertThat(JSON.readTree(text).get("component").get("attributes").get("org.gradle.status").asText())
        .isEqualTo("integration");
    assertThat(JSON.readTree(text).get("variants").get(0).has("dependencies")).isFalse();
  }

  @Test
  void stringsAreEscapedSoAnyNameStaysValidJson() {
    GradleModuleMetadata.Json json = new GradleModuleMetadata.Json();
    String hostile = "q\"b\\n\nr\rt\t\u0001é☕";

    json.open('{').field(hostile).string(hostile).close('}');

    assertThat(Map.of(hostile, hostile)).isEqualTo(readMap(json.toString()));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> readMap(String text) {
    try {
      return JSON.readValue(text, Map.class);
    } catch (IOException e) {
      throw new AssertionError(text, e);
    }
  }

  @Test
  void withoutAJarThereIsNoModule() {
    assertThatThrownBy(() -> GradleModuleMetadata.render("g", "m", "1", 17, Collections.emptyList(),
        Collections.emptyMap(), Collections.emptyList()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--file jar=");
  }
}
