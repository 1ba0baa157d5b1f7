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
    o.java = "java"; // as run-all.sh passes it; the name used to be the working directory's parent's
    Path jdk = FanoutRun.Options.jdkOf("java");
    assertThat(jdk.resolve("bin/java")).isExecutable();
    assertThat(o.tag()).isEqualTo(jdk.getFileName().toString())
        .isNotEqualTo(new File("").getAbsoluteFile().getParentFile().getName());
  }
}
