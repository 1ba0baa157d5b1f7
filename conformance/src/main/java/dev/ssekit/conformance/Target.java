package dev.ssekit.conformance;

import java.net.URI;
import java.time.Duration;

/**
 * The hub under test and what the suite may use on it. Immutable.
 *
 * @param base the hub's base URL, e.g. {@code http://127.0.0.1:8000}
 * @param token a valid client token, or null for an open hub
 * @param invalidToken a token the hub must refuse, or null to skip the checks that need one
 * @param adminBase the admin API's base URL, or null to skip the checks that publish
 * @param adminToken the admin token
 * @param heartbeatTimeout how long to wait for a heartbeat
 */
public record Target(URI base, String token, String invalidToken, URI adminBase, String adminToken,
    Duration heartbeatTimeout) {

  public URI stream() {
    return base.resolve("/v1/sse");
  }

  public boolean hasAdmin() {
    return adminBase != null && adminToken != null;
  }
}
