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
              "dev.ssekit.*")), errors);
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
}
