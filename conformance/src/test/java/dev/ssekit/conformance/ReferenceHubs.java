package dev.ssekit.conformance;

import dev.ssekit.server.CryptoManager;
import dev.ssekit.server.HubConfig;
import dev.ssekit.server.SseTestServer;
import dev.ssekit.server.TokenValidator;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** The reference hub as the conformance tests start it, and the target that tells the suite its settings. */
public final class ReferenceHubs {

  public static final int BUFFER = 400;
  public static final Duration TTL = Duration.ofSeconds(4);
  public static final int CLIENT_QUEUE = 32;
  public static final int AUTH_FAILURE_LIMIT = 40;
  public static final String PASSPHRASE = "conformance passphrase";
  /** Where slf4j-simple writes the in-process hub's log (set in conformance/pom.xml). */
  public static final Path LOG = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/hub-under-test.log"));


  private ReferenceHubs() {}

  public static HubConfig.Builder config() {
    return HubConfig.builder().tokenValidator(TokenValidator.staticTokens("good", "other")).adminToken("adm")
        .heartbeatInterval(Duration.ofMillis(200)).authFailureLimit(AUTH_FAILURE_LIMIT).bufferSize(BUFFER)
        .bufferTtl(TTL).clientQueueCapacity(CLIENT_QUEUE);
  }

  public static HubConfig.Builder encrypted() {
    return config().encryptedTokenValidator(t -> t.equals("good") || t.equals("other"))
        .cryptoManager(CryptoManager.fromPassphrase(PASSPHRASE));
  }

  public static SseTestServer start(HubConfig config) {
    return SseTestServer.start(config);
  }

  /** Everything the suite needs to run every clause against {@code hub} at {@code url}. */
  public static Target.Builder fullTarget(SseTestServer hub, URI url) {
    return Target.builder(url).token("good").invalidToken("bad").otherToken("other").admin(url, "adm")
        .heartbeatTimeout(Duration.ofSeconds(5)).hubLog(LOG).buffer(BUFFER, TTL).clientQueue(CLIENT_QUEUE)
        .authFailureLimit(AUTH_FAILURE_LIMIT).disruptive(true, () -> hub.hub().stop());
  }
}
