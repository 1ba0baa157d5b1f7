package dev.ssekit.bench;

import dev.ssekit.bench.internal.Commands;
import dev.ssekit.server.HubConfig;
import dev.ssekit.server.HubLimits;
import dev.ssekit.server.Message;
import dev.ssekit.server.SseTestServer;
import dev.ssekit.server.TokenValidator;
import java.time.Duration;

/**
 * The hub under load, in its own JVM, publishing what the load tool tells it to on standard input. Arguments:
 * {@code <heartbeat seconds> <retry ms>}; the one valid bearer token comes in the environment.
 */
public final class HubHost {

  private static final int PER_PRINCIPAL = 1_000_000;

  private HubHost() {}

  /** Starts the hub and runs the command loop on standard input until {@code quit}. */
  public static void main(String[] args) throws Exception {
    HubConfig config = HubConfig.builder()
        .heartbeatInterval(Duration.ofSeconds(Long.parseLong(args[0])))
        .retryHint(Duration.ofMillis(Long.parseLong(args[1])))
        .tokenValidator(TokenValidator.staticTokens(Commands.tokenFromEnvironment()))
        // Every load stream shares the one token: lift the per-principal bounds past what a run can open.
        .limits(HubLimits.builder().streamsPerPrincipal(PER_PRINCIPAL).clientIdsPerPrincipal(PER_PRINCIPAL)
            .clientIds(PER_PRINCIPAL).build())
        .build();
    try (SseTestServer server = SseTestServer.builder().backlog(16_384).hubConfig(config).start()) {
      System.out.println("listening on " + server.url() + "/v1/sse");
      System.out.flush();
      Commands.loop(data -> server.hub().broadcast(Message.of(data)));
    }
  }
}
