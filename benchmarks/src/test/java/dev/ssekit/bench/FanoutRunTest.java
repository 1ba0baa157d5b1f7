package dev.ssekit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FanoutRunTest {

  @Test
  void resultFilesAreNamedAfterTheJdkEvenThroughALinkToItsJava(@TempDir Path dir) throws Exception {
    Path real = Files.createDirectories(dir.resolve("jvm/some-jdk-17/bin")).resolve("java");
    Files.createFile(real).toFile().setExecutable(true);
    Path link = Files.createSymbolicLink(Files.createDirectories(dir.resolve("usr/bin")).resolve("java"), real);
    FanoutRun.Options o = new FanoutRun.Options();
    o.java = link.toString();
    assertThat(o.tag()).isEqualTo("some-jdk-17"); // not "usr", the link's own directory
    o.java = real.toString();
    assertThat(o.tag()).isEqualTo("some-jdk-17");
  }

  @Test
  void aBareJavaIsLookedUpOnThePath() {
    FanoutRun.Options o = new FanoutRun.Options();
    o.java = "java";
    // run-all.sh passes `java`; the name used to be the working directory's parent's ("work" on CI machines).
    assertThat(o.tag()).isNotEqualTo(new File("").getAbsoluteFile().getParentFile().getName());
    assertThat(o.tag()).contains("jdk"); // java-17-openjdk-amd64 here: the JDK behind /usr/bin/java
  }
}
