package dev.ssekit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.ssekit.server.HubConfig;
import dev.ssekit.server.SseTestServer;
import dev.ssekit.server.TokenValidator;
import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Headless Chromium's native {@code EventSource} (Debian's chromium, installed by {@code .ci/run}, driven by
 * playwright-core) against our hub: a page from another origin proves the query-token path, CORS and the
 * browser's own reconnect with {@code Last-Event-ID}; then the hub's console page is driven end to end and a
 * screenshot is saved under {@code target/} as evidence.
 */
class ChromiumInteropTest {

  private static final File INTEROP = new File("interop");

  @Test
  void chromiumsEventSourceAndTheConsolePageWorkAgainstTheHub() throws Exception {
    boolean ready = new File("/usr/bin/chromium").canExecute()
        && new File(INTEROP, "node_modules/playwright-core").isDirectory();
    if (System.getenv("CI") == null) {
      assumeTrue(ready, "install Debian's chromium and run `npm ci` in conformance/interop to include this test");
    }
    assertThat(ready).as("/usr/bin/chromium and conformance/interop/node_modules").isTrue();

    HttpServer otherOrigin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    otherOrigin.createContext("/", ex -> {
      byte[] page = "<!doctype html><title>another origin</title>".getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "text/html");
      ex.sendResponseHeaders(200, page.length);
      ex.getResponseBody().write(page);
      ex.close();
    });
    otherOrigin.start();
    File screenshot = new File("target/console.png").getAbsoluteFile();
    Files.deleteIfExists(screenshot.toPath());
    try (SseTestServer hub = SseTestServer.start(HubConfig.builder()
        .tokenValidator(TokenValidator.staticTokens("demo-token")).adminToken("demo-admin")
        .retryHint(Duration.ofSeconds(1)).build())) {
      Process node = new ProcessBuilder("node", "chromium-test.mjs", hub.url().toString(),
          "http://127.0.0.1:" + otherOrigin.getAddress().getPort() + "/", screenshot.getPath())
          .directory(INTEROP).redirectErrorStream(true).start();
      String output;
      try {
        assertThat(node.waitFor(90, TimeUnit.SECONDS)).as("the browser test finished").isTrue();
        output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      } finally {
        node.destroyForcibly();
      }
      assertThat(node.exitValue()).as(output).isZero();
      assertThat(output).contains("browser reconnected with Last-Event-ID and got the missed event")
          .contains("console replayed the missed event after the injected disconnect");
      assertThat(screenshot).isFile();
    } finally {
      otherOrigin.stop(0);
    }
  }
}
