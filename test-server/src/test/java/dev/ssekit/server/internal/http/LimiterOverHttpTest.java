package dev.ssekit.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.server.HubConfig;
import dev.ssekit.server.SseTestServer;
import dev.ssekit.server.TokenValidator;
import dev.ssekit.server.support.MutableClock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Clause 4 over HTTP, from several loopback addresses (127.0.0.x): once the limiter remembers as many
 * addresses as it may and every one of them is locked out, an address that never failed still gets through.
 */
class LimiterOverHttpTest {

  /** The status line of one /missed request from this local address with this token. */
  private static String statusFrom(SseTestServer server, String localAddress, String token) throws Exception {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(localAddress, 0));
      s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
      s.setSoTimeout(10_000);
      s.getOutputStream().write(("GET /v1/sse/missed?client_id=x HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Authorization: Bearer " + token + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1)).readLine();
    }
  }

  @Test
  void anAddressThatNeverFailedGetsThroughWhileEveryRememberedAddressIsLockedOut() throws Exception {
    try (SseTestServer server = SseTestServer.start(HubConfig.builder()
        .tokenValidator(TokenValidator.staticTokens("good")).authFailureLimit(3).authFailureAddresses(4)
        .clock(new MutableClock()).build())) { // time stands still: no lockout ends during the test
      for (int a = 2; a <= 9; a++) { // eight failing addresses: more than the limiter remembers
        String address = "127.0.0." + a;
        assertThat(statusFrom(server, address, "bad")).as(address).startsWith("HTTP/1.1 403");
        String status = "";
        // The bucket leaks as time passes, so the third failure may fall a hair short of the limit.
        for (int i = 0; i < 6 && !status.startsWith("HTTP/1.1 429"); i++) {
          status = statusFrom(server, address, "bad");
        }
        assertThat(status).as(address + " locked out").startsWith("HTTP/1.1 429");
      }
      assertThat(statusFrom(server, "127.0.0.20", "good")).as("an innocent address").startsWith("HTTP/1.1 200");
      assertThat(statusFrom(server, "127.0.0.9", "good")).as("the last failing address is still locked out")
          .startsWith("HTTP/1.1 429");
    }
  }
}
