package dev.ssekit.dependencycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What the SDK publishes beside its jar: a POM that names okhttp-jvm for Maven, Gradle module metadata that names
 * okhttp for Gradle, and sources and Javadoc jars. Checked on the files {@code mvn verify} built. Gradle itself
 * cannot run here, so the .module file is checked for its structure, not by a Gradle resolution.
 */
class PublishedFilesTest {

  private static final String VERSION = System.getProperty("ssekit.version");
  private static final Path TARGET = Resolved.root("sdk/target");
  private static final String BASE = "ssekit-sdk-" + VERSION;

  private static JsonNode module() throws IOException {
    return new ObjectMapper().readTree(TARGET.resolve(BASE + ".module").toFile());
  }

  private static JsonNode variant(JsonNode module, String name) {
    for (JsonNode v : module.get("variants")) {
      if (v.get("name").asText().equals(name)) {
        return v;
      }
    }
    throw new AssertionError("no variant " + name);
  }

  private static List<String> dependencies(JsonNode variant) {
    List<String> result = new ArrayList<>();
    for (JsonNode d : variant.path("dependencies")) {
      result.add(d.get("group").asText() + ":" + d.get("module").asText() + ":"
          + d.get("version").get("requires").asText());
    }
    return result;
  }

  /** The SDK's own dependencies in its POM: {@code group:artifact:scope}, as Maven users get them. */
  private static List<String> pomDependencies() throws Exception {
    Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(Resolved.root("sdk/pom.xml").toFile()).getDocumentElement();
    NodeList nodes = ((Element) project.getElementsByTagName("dependencies").item(0))
        .getElementsByTagName("dependency");
    List<String> result = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      Element d = (Element) nodes.item(i);
      NodeList scope = d.getElementsByTagName("scope");
      result.add(text(d, "groupId") + ":" + text(d, "artifactId") + ":"
          + (scope.getLength() == 0 ? "compile" : scope.item(0).getTextContent()));
    }
    return result;
  }

  private static String text(Element e, String tag) {
    return e.getElementsByTagName(tag).item(0).getTextContent().trim();
  }

  @Test
  void thePomNamesOkHttpJvmForMavenAndTellsGradleToReadTheModuleFile() throws Exception {
    assertThat(pomDependencies()).contains("com.squareup.okhttp3:okhttp-jvm:compile")
        .noneMatch(d -> d.startsWith("com.squareup.okhttp3:okhttp:"));
    assertThat(Files.readString(Resolved.root("sdk/pom.xml")))
        .contains("<!-- do_not_remove: published-with-gradle-metadata -->");
  }

  @Test
  void theModuleFileNamesOkHttpForGradleInBothJavaVariantsAtTheResolvedVersions() throws Exception {
    JsonNode module = module();
    List<String> resolved = Resolved.runtimeArtifacts();
    List<String> expected = new ArrayList<>();
    for (String d : pomDependencies()) {
      if (d.endsWith(":compile")) {
        String ga = d.substring(0, d.lastIndexOf(':'));
        String version = resolved.stream().filter(a -> a.startsWith(ga + ":")).findFirst()
            .orElseThrow(() -> new AssertionError(ga + " was not resolved")).substring(ga.length() + 1);
        expected.add(ga.replace("com.squareup.okhttp3:okhttp-jvm", "com.squareup.okhttp3:okhttp") + ":" + version);
      }
    }

    assertThat(module.get("formatVersion").asText()).isEqualTo("1.1");
    assertThat(module.get("component").get("module").asText()).isEqualTo("ssekit-sdk");
    assertThat(module.get("component").get("version").asText()).isEqualTo(VERSION);
    assertThat(dependencies(variant(module, "apiElements"))).containsExactlyElementsOf(expected)
        .contains("com.squareup.okhttp3:okhttp:5.5.1");
    assertThat(dependencies(variant(module, "runtimeElements"))).containsExactlyElementsOf(expected);
    assertThat(variant(module, "apiElements").get("attributes").get("org.gradle.usage").asText())
        .isEqualTo("java-api");
    assertThat(variant(module, "runtimeElements").get("attributes").get("org.gradle.usage").asText())
        .isEqualTo("java-runtime");
    // no jvm.environment attribute: the one jar serves standard JVMs and Android alike
    assertThat(variant(module, "runtimeElements").get("attributes").has("org.gradle.jvm.environment")).isFalse();
  }

  @Test
  void everyFileTheModuleNamesIsBesideItWithTheSizeAndHashesItStates() throws Exception {
    List<String> names = new ArrayList<>();
    for (JsonNode variant : module().get("variants")) {
      for (JsonNode file : variant.get("files")) {
        Path path = TARGET.resolve(file.get("url").asText());
        byte[] bytes = Files.readAllBytes(path);
        assertThat(file.get("size").asLong()).as(path.toString()).isEqualTo(bytes.length);
        assertThat(file.get("sha256").asText()).isEqualTo(hash("SHA-256", bytes));
        assertThat(file.get("sha512").asText()).isEqualTo(hash("SHA-512", bytes));
        assertThat(file.get("sha1").asText()).isEqualTo(hash("SHA-1", bytes));
        assertThat(file.get("md5").asText()).isEqualTo(hash("MD5", bytes));
        names.add(variant.get("name").asText() + "=" + file.get("name").asText());
      }
    }

    assertThat(names).containsExactly("apiElements=" + BASE + ".jar", "runtimeElements=" + BASE + ".jar",
        "sourcesElements=" + BASE + "-sources.jar", "javadocElements=" + BASE + "-javadoc.jar");
  }

  @Test
  void theSourcesJarHasThePublicSourcesAndTheJavadocJarDocumentsOnlyThePublicPackage() throws IOException {
    try (ZipFile sources = new ZipFile(TARGET.resolve(BASE + "-sources.jar").toFile());
        ZipFile javadoc = new ZipFile(TARGET.resolve(BASE + "-javadoc.jar").toFile())) {
      assertThat(sources.getEntry("dev/ssekit/client/SseClient.java")).isNotNull();
      assertThat(javadoc.getEntry("index.html")).isNotNull();
      assertThat(javadoc.getEntry("dev/ssekit/client/SseClient.html")).isNotNull();
      assertThat(javadoc.stream().map(e -> e.getName()).collect(Collectors.toList()))
          .noneMatch(n -> n.startsWith("dev/ssekit/client/internal/"));
    }
  }

  @Test
  void theKotlinModulePublishesItsSourcesAndAJavadocJarOfItsPublicApiOnly() throws IOException {
    Path target = Resolved.root("sdk-kotlin/target");
    String base = "ssekit-kotlin-" + VERSION;
    try (ZipFile sources = new ZipFile(target.resolve(base + "-sources.jar").toFile());
        ZipFile javadoc = new ZipFile(target.resolve(base + "-javadoc.jar").toFile())) {
      assertThat(sources.getEntry("dev/ssekit/client/coroutines/SseFlowClient.kt")).isNotNull();
      assertThat(javadoc.getEntry("index.html")).isNotNull();
      assertThat(javadoc.getEntry("dev/ssekit/client/coroutines/SseFlowClient.html")).isNotNull();
      assertThat(javadoc.stream().map(e -> e.getName()).collect(Collectors.toList()))
          .noneMatch(n -> n.contains("FlowBridge"));
    }
  }

  private static String hash(String algorithm, byte[] bytes) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
  }

  @Test
  void theSdkAndTheHubJarsNameTheirJavaModules() throws IOException {
    Path hub = Resolved.root("test-server/target").resolve("ssekit-test-server-" + VERSION + ".jar");
    for (Object[] jar : new Object[][] {{TARGET.resolve(BASE + ".jar"), "dev.ssekit.client"},
        {hub, "dev.ssekit.server"}}) {
      try (java.util.jar.JarFile file = new java.util.jar.JarFile(((Path) jar[0]).toFile())) {
        assertThat(file.getManifest().getMainAttributes().getValue("Automatic-Module-Name")).as(jar[0].toString())
            .isEqualTo(jar[1]);
      }
    }
  }
}
