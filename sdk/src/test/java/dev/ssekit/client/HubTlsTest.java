package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.client.support.Recorder;
import dev.ssekit.server.HubConfig;
import dev.ssekit.server.Message;
import dev.ssekit.server.SseTestServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK over https to the reference hub, trusting a self-signed key made for the test. */
class HubTlsTest {

  private static final String PASSWORD = "changeit-test";

  @TempDir
  Path dir;

  @Test
  void receivesEventsOverHttpsWithATrustManagerForTheHubsKey() throws Exception {
    KeyStore key = selfSignedKey(dir.resolve("hub.p12"));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(key, PASSWORD.toCharArray());
    SSLContext serverTls = SSLContext.getInstance("TLS");
    serverTls.init(kmf.getKeyManagers(), null, null);

    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    trusted.setCertificateEntry("hub", key.getCertificate("hub"));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trusted);
    X509TrustManager trust = (X509TrustManager) tmf.getTrustManagers()[0];
    SSLContext clientTls = SSLContext.getInstance("TLS");
    clientTls.init(null, new javax.net.ssl.TrustManager[] {trust}, null);
    OkHttpClient http = new OkHttpClient.Builder().sslSocketFactory(clientTls.getSocketFactory(), trust).build();

    try (SseTestServer server = SseTestServer.builder().hubConfig(HubConfig.defaults()).tls(serverTls).start()) {
      assertThat(server.url().getScheme()).isEqualTo("https");
      Recorder app = new Recorder();
      SseClient client = SseClient.builder(server.url().resolve("/v1/sse").toString())
          .okHttpClient(http).listener(app).build();
      try {
        client.start();
        app.nextState("OPEN");
        String id = server.hub().broadcast(Message.of("over tls"));
        assertThat(app.next(l -> l.startsWith("event " + id))).isEqualTo("event " + id + " message over tls");
      } finally {
        client.close();
      }
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  /** A self-signed EC key for 127.0.0.1, made with the JDK's keytool. */
  private static KeyStore selfSignedKey(Path file) throws Exception {
    String keytool = Paths.get(System.getProperty("java.home"), "bin", "keytool").toString();
    Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "hub", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
        "-keystore", file.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      ks.load(in, PASSWORD.toCharArray());
    }
    return ks;
  }
}
