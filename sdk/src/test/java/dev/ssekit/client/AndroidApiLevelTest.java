package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.codehaus.mojo.animal_sniffer.SignatureChecker;
import org.codehaus.mojo.animal_sniffer.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue rule 10: the build checks the SDK against the Android API 26 signature. This proves the check bites
 * (a class using a record, {@code List.of} and {@code java.net.http} fails it) and that the SDK passes it.
 */
class AndroidApiLevelTest {

  /** Collects the checker's error lines. */
  private static final class Errors implements Logger {
    final List<String> lines = new ArrayList<>();

    @Override public void info(String m) {}
    @Override public void info(String m, Throwable t) {}
    @Override public void debug(String m) {}
    @Override public void debug(String m, Throwable t) {}
    @Override public void warn(String m) {}
    @Override public void warn(String m, Throwable t) {}
    @Override public void error(String m) { lines.add(m); }
    @Override public void error(String m, Throwable t) { lines.add(m); }
  }

  private static Errors check(File classes) throws IOException {
    Errors errors = new Errors();
    try (InputStream signature = new FileInputStream(System.getProperty("android.signature"))) {
      SignatureChecker checker = new SignatureChecker(signature,
          new HashSet<>(Arrays.asList("okhttp3.*", "okio.*", "kotlin.*", "com.fasterxml.jackson.*",
              "io.github.resilience4j.*", "org.slf4j.*", "dev.ssekit.*")), errors);
      checker.setSourcePath(new ArrayList<File>());
      checker.process(classes);
    }
    return errors;
  }

  @Test
  void theCheckRejectsRecordsListOfAndJavaNetHttp(@TempDir Path dir) throws Exception {
    Path source = dir.resolve("Bad.java");
    Files.write(source, ("public class Bad {\n"
        + "  record Point(int x, int y) {}\n"
        + "  Object list() { return java.util.List.of(1, 2); }\n"
        + "  Object http() { return java.net.http.HttpClient.newHttpClient(); }\n"
        + "}\n").getBytes(StandardCharsets.UTF_8));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc = javac.run(null, null, null, "--release", "17", "-d", dir.toString(), source.toString());
    assertThat(rc).isZero();
    String report = String.join("\n", check(dir.toFile()).lines);
    assertThat(report).contains("Record.<init>").contains("java.util.List.of").contains("java.net.http.HttpClient");
  }

  @Test
  void theSdksOwnClassesPassIt() throws Exception {
    assertThat(check(new File(System.getProperty("sdk.classes"))).lines).isEmpty();
  }

  /**
   * The SDK retries acks and token refreshes with resilience4j-retry, whose jars are built for Java 17. Checked
   * against API 26, they need one newer method, {@code Optional.or}, which D8 backports for every minSdk (R8's
   * {@code OptionalBackportJava9} test); the rest is {@code VarHandle} in resilience4j-core's lock-free sliding
   * windows (circuit-breaker metrics), which no other class of either jar names, so a retry never loads them.
   */
  @Test
  void resilience4jNeedsNothingBeyondApi26ButWhatD8BackportsOnTheRetryPath() throws Exception {
    List<String> missing = new ArrayList<>();
    List<String> namingLockFree = new ArrayList<>();
    for (String jar : System.getProperty("resilience4j.jars").split(",")) {
      missing.addAll(check(new File(jar)).lines);
      try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar)) {
        for (java.util.zip.ZipEntry entry : java.util.Collections.list(zip.entries())) {
          if (entry.getName().endsWith(".class") && !entry.getName().contains("/LockFree")) {
            try (InputStream in = zip.getInputStream(entry)) {
              if (new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).contains("LockFree")) {
                namingLockFree.add(entry.getName());
              }
            }
          }
        }
      }
    }
    assertThat(missing).as("the check read both jars").isNotEmpty();
    assertThat(missing).allSatisfy(line -> assertThat(line.contains("/core/metrics/LockFree")
        || line.endsWith("java.util.Optional java.util.Optional.or(java.util.function.Supplier)"))
        .as(line).isTrue());
    assertThat(namingLockFree).isEmpty();
  }
}
