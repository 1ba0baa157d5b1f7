package dev.ssekit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssekit.server.support.EventStream;
import dev.ssekit.server.support.HubClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Clauses 1 and 3: encrypted tokens compatible with the seed hub. */
class EncryptedTokenTest {

  private static final String PASSPHRASE = "correct horse battery staple";
  private SseTestServer server;
  private HubClient client;

  @BeforeEach
  void start() {
    server = SseTestServer.start(HubConfig.builder()
        .cryptoManager(CryptoManager.fromPassphrase(PASSPHRASE))
        .encryptedTokenValidator(plain -> plain.equals("user-42"))
        .tokenValidator(TokenValidator.staticTokens("plain-token"))
        .build());
    client = new HubClient(server.url());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Encrypts the way the seed does, written out here independently of {@link CryptoManager}. */
  private static String seedEncrypt(String plain) throws Exception {
    byte[] key = MessageDigest.getInstance("SHA-256").digest(PASSPHRASE.getBytes(StandardCharsets.UTF_8));
    byte[] nonce = new byte[12];
    new java.security.SecureRandom().nextBytes(nonce);
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
    byte[] sealed = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
    byte[] all = new byte[12 + sealed.length];
    System.arraycopy(nonce, 0, all, 0, 12);
    System.arraycopy(sealed, 0, all, 12, sealed.length);
    return Base64.getEncoder().encodeToString(all);
  }

  /** Clause 3. */
  @Test
  void cryptoManagerReadsTheSeedFormatAndWritesIt() throws Exception {
    CryptoManager crypto = CryptoManager.fromPassphrase(PASSPHRASE);
    assertThat(crypto.decrypt(seedEncrypt("hello"))).isEqualTo("hello");
    String mine = crypto.encrypt("round trip");
    assertThat(Base64.getDecoder().decode(mine)).hasSize(12 + "round trip".length() + 16);
    assertThat(crypto.decrypt(mine)).isEqualTo("round trip");
    assertThatThrownBy(() -> CryptoManager.fromPassphrase("other").decrypt(mine))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining(mine);
  }

  /** Clauses 1 and 3. */
  @Test
  void encryptedHeaderIsAcceptedAndPlainTokensAreNotInEncryptedMode() throws Exception {
    try (EventStream stream = EventStream.open(server.url().resolve("/v1/sse"),
        Map.of("X-Encrypted-Token", seedEncrypt("user-42")))) {
      assertThat(stream.status()).isEqualTo(200);
    }
    assertThat(client.get("/v1/sse/missed?client_id=x", Map.of("Authorization", "Bearer plain-token")).status())
        .isEqualTo(401);
  }

  /** Clause 1: header before query. */
  @Test
  void encryptedHeaderWinsOverEncryptedQuery() throws Exception {
    String good = seedEncrypt("user-42");
    String wrongUser = seedEncrypt("user-7");
    assertThat(client.get("/v1/sse/missed?client_id=x&encrypted_token=" + enc(wrongUser),
        Map.of("X-Encrypted-Token", good)).status()).isEqualTo(200);
    assertThat(client.get("/v1/sse/missed?client_id=x&encrypted_token=" + enc(good),
        Map.of("X-Encrypted-Token", wrongUser)).status()).isEqualTo(403);
  }

  /** Clause 3: a '+' must arrive as %2B, but one turned into a space is accepted too. */
  @Test
  void queryTokenWorksEscapedAndWithPlusTurnedIntoSpace() throws Exception {
    String token = seedEncrypt("user-42");
    while (!token.contains("+")) {
      token = seedEncrypt("user-42");
    }
    assertThat(client.get("/v1/sse/missed?client_id=x&encrypted_token=" + enc(token)).status()).isEqualTo(200);
    assertThat(client.get("/v1/sse/missed?client_id=x&encrypted_token=" + token.replace("/", "%2F").replace("=", "%3D"))
        .status()).isEqualTo(200);
  }

  /** Clause 2. */
  @Test
  void undecryptableTokenGets403InvalidEncryptedToken() {
    HubClient.Reply reply = client.get("/v1/sse/missed?client_id=x", Map.of("X-Encrypted-Token", "bm90IGEgdG9rZW4gYXQgYWxsIQ=="));
    assertThat(reply.status()).isEqualTo(403);
    assertThat(reply.json().get("message").asText()).isEqualTo("Invalid encrypted token");
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
