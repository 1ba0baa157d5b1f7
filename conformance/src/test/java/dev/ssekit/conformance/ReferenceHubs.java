package dev.ssekit.conformance;

import dev.ssekit.server.CryptoManager;
import dev.ssekit.server.HubConfig;
import dev.ssekit.server.SseTestServer;
import dev.ssekit.server.TokenValidator;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The reference hub as the conformance tests start it, and the target that tells the suite its settings. */
public final class ReferenceHubs {

  public static final int BUFFER = 400;
  public static final Duration TTL = Duration.ofSeconds(4);
  public static final int CLIENT_QUEUE = 32;
  public static final int AUTH_FAILURE_LIMIT = 40;
  /** How long the hub keeps the tracker of a client that never acked (clause 23's expired claim waits it out). */
  public static final Duration TRACKER_TTL = Duration.ofSeconds(3);
  /**
   * The hub's bounds per principal (clause 24): small, so the check fills them, and above what any other check's
   * principal holds at once.
   */
  public static final int STREAMS_PER_PRINCIPAL = 40;
  public static final int CLIENT_IDS_PER_PRINCIPAL = 48;
  public static final String PASSPHRASE = "conformance passphrase";
  /** Where slf4j-simple writes the in-process hub's log (set in conformance/pom.xml). */
  public static final Path LOG = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/hub-under-test.log"));


  private ReferenceHubs() {}

  public static HubConfig.Builder config() {
    return HubConfig.builder().tokenValidator(TokenValidator.staticTokens("good", "other", "bounded"))
        .adminToken("adm").limits(dev.ssekit.server.HubLimits.builder().streamsPerPrincipal(STREAMS_PER_PRINCIPAL)
            .clientIdsPerPrincipal(CLIENT_IDS_PER_PRINCIPAL).clientIds(10_000).build())
        .heartbeatInterval(Duration.ofMillis(200)).authFailureLimit(AUTH_FAILURE_LIMIT).bufferSize(BUFFER)
        .bufferTtl(TTL).unackedTrackerTtl(TRACKER_TTL).clientQueueCapacity(CLIENT_QUEUE);
  }

  public static HubConfig.Builder encrypted() {
    return config().encryptedTokenValidator(t -> t.equals("good") || t.equals("other") || t.equals("bounded"))
        .cryptoManager(CryptoManager.fromPassphrase(PASSPHRASE));
  }

  public static SseTestServer start(HubConfig config) {
    return SseTestServer.start(config);
  }

  /**
   * Runs {@code clauses} (all when null) with {@code run}, then again, up to twice more, the clauses whose
   * verdict was INCONCLUSIVE (the machine was too slow for a time window the check measured): what a user is
   * told to do with such a verdict. Each run gets what {@code run} starts (a fresh hub).
   */
  public static List<CheckResult> conclusive(Function<Set<Integer>, List<CheckResult>> run, Set<Integer> clauses) {
    List<CheckResult> results = new ArrayList<>(run.apply(clauses));
    for (int again = 0; again < 2; again++) {
      Set<Integer> inconclusive = results.stream().filter(r -> r.status() == CheckResult.Status.INCONCLUSIVE)
          .map(CheckResult::clause).collect(Collectors.toCollection(TreeSet::new));
      if (inconclusive.isEmpty()) {
        break;
      }
      Map<Integer, CheckResult> rerun = run.apply(inconclusive).stream()
          .collect(Collectors.toMap(CheckResult::clause, r -> r, (a, b) -> b));
      results.replaceAll(r -> rerun.getOrDefault(r.clause(), r));
    }
    return results;
  }

  /** Everything the suite needs to run every clause against {@code hub} at {@code url}. */
  public static Target.Builder fullTarget(SseTestServer hub, URI url) {
    return Target.builder(url).token("good").invalidToken("bad").otherToken("other").admin(url, "adm")
        .heartbeatTimeout(Duration.ofSeconds(5)).hubLog(LOG).buffer(BUFFER, TTL).clientQueue(CLIENT_QUEUE)
        .authFailureLimit(AUTH_FAILURE_LIMIT).trackerTtl(TRACKER_TTL).boundsToken("bounded")
        .principalBounds(STREAMS_PER_PRINCIPAL, CLIENT_IDS_PER_PRINCIPAL).disruptive(true, () -> hub.hub().stop());
  }
}
