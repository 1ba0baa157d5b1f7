package dev.ssekit.dependencycheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The artifacts {@code mvn dependency:list} resolved for this app (runtime scope), read from its output file. */
final class Resolved {

  private static final Pattern LINE =
      Pattern.compile("^\\s*([\\w.\\-]+):([\\w.\\-]+):([\\w.\\-]+)(?::[\\w.\\-]+)?:([^:\\s]+):(\\w+).*$");

  /** {@code group:artifact:version}. */
  static List<String> runtimeArtifacts() {
    return artifacts(Path.of(System.getProperty("resolved.runtime")));
  }

  /** {@code group:artifact:version} from a {@code dependency:list} output file. */
  static List<String> artifacts(Path listFile) {
    try {
      List<String> result = new ArrayList<>();
      for (String raw : Files.readAllLines(listFile)) {
        Matcher m = LINE.matcher(raw.replaceAll("\u001B\\[[0-9;]*m", ""));
        if (m.matches()) {
          result.add(m.group(1) + ":" + m.group(2) + ":" + m.group(4));
        }
      }
      if (result.isEmpty()) {
        throw new AssertionError("dependency:list wrote no artifacts");
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A file of the build, relative to the repository root. */
  static Path root(String relative) {
    return Path.of(System.getProperty("root.dir")).resolve(relative).normalize();
  }

  private Resolved() {}
}
