package dev.ssekit.server;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.ssekit.server.internal.ConnectionThreads;
import dev.ssekit.server.internal.DefaultHub;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * The reference hub served over HTTP, for tests and tools: start it (port 0 picks a free port), point a
 * client at {@link #url()}, publish through {@link #hub()}, and {@link #close()} it. After close no thread,
 * socket or timer it made remains. With {@link Builder#tls} it serves https.
 *
 * <p>The JDK server's {@code sun.net.httpserver.*} settings are read once per JVM, when its first server
 * starts; unless already set, this class turns {@code sun.net.httpserver.nodelay} on (no Nagle delay on
 * small answers).
 *
 * <pre>{@code
 * try (SseTestServer server = SseTestServer.start(HubConfig.defaults())) {
 *   server.hub().broadcast(Message.of("greeting", "hello"));
 * }
 * }</pre>
 */
public final class SseTestServer implements AutoCloseable {

  static {
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final Hub hub;
  private final HttpServer server;
  private final ExecutorService executor;
  private final URI url;
  private final Faults faults;
  private volatile boolean closed;

  private SseTestServer(Builder b) throws IOException {
    this.hub = Hub.create(b.hubConfig);
    this.faults = new Faults((DefaultHub) hub);
    this.executor = ConnectionThreads.create(b.virtualThreads);
    try {
      InetSocketAddress address = new InetSocketAddress(b.host, b.port);
      if (b.sslContext != null) {
        HttpsServer https = HttpsServer.create(address, b.backlog);
        https.setHttpsConfigurator(new HttpsConfigurator(b.sslContext));
        this.server = https;
      } else {
        this.server = HttpServer.create(address, b.backlog);
      }
      server.setExecutor(executor);
      server.createContext("/", hub.handler());
      server.start();
    } catch (IOException | RuntimeException e) {
      hub.stop();
      executor.shutdownNow();
      throw e;
    }
    String host = b.host.equals("0.0.0.0") || b.host.equals("::") ? "127.0.0.1" : b.host;
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    String scheme = b.sslContext != null ? "https" : "http";
    this.url = URI.create(scheme + "://" + host + ":" + server.getAddress().getPort());
  }

  /** Starts a server on 127.0.0.1 with a free port and this hub configuration. */
  public static SseTestServer start(HubConfig config) {
    return builder().hubConfig(config).start();
  }

  /** A builder: loopback, free port, default hub. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The base URL, e.g. {@code http://127.0.0.1:41234} ({@code https://…} with TLS); the stream is at
   * {@code url() + "/v1/sse"}.
   */
  public URI url() {
    return url;
  }

  /** The stream's URL, {@code url() + "/v1/sse"}: where a client under test connects. */
  public URI streamUrl() {
    return url.resolve("/v1/sse");
  }

  /** Fault injection from Java (clause 20): no admin token needed. */
  public Faults faults() {
    return faults;
  }

  /**
   * Waits until a stream of this client id is connected (and not closing), up to 10 seconds: after it returns,
   * a message sent to the client reaches that stream.
   *
   * @throws IllegalStateException if it did not connect in time
   */
  public void awaitClient(String clientId) {
    awaitClient(clientId, Duration.ofSeconds(10));
  }

  /**
   * {@link #awaitClient(String)} with a timeout.
   *
   * @throws IllegalStateException if it did not connect in time, or the waiting thread was interrupted
   */
  public void awaitClient(String clientId, Duration timeout) {
    if (clientId == null || timeout == null) {
      throw new IllegalArgumentException("clientId and timeout are required");
    }
    try {
      if (!((DefaultHub) hub).awaitClient(clientId, timeout)) {
        throw new IllegalStateException("client " + clientId + " did not connect within " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for client " + clientId, e);
    }
  }

  /** The port the server listens on. */
  public int port() {
    return url.getPort();
  }

  /** The hub behind the server, to publish and inspect. */
  public Hub hub() {
    return hub;
  }

  /** Stops the hub, closes every connection and ends every thread. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    hub.stop();
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Builds and starts an {@link SseTestServer}. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 0;
    private int backlog = 1024;
    private HubConfig hubConfig = HubConfig.defaults();
    private boolean virtualThreads = true;
    private SSLContext sslContext;

    private Builder() {}

    /** The address to bind (default 127.0.0.1). */
    public Builder host(String host) {
      if (host == null || host.isEmpty()) {
        throw new IllegalArgumentException("host is required");
      }
      this.host = host;
      return this;
    }

    /** The port (default 0: a free one). */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be 0-65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /** The TCP accept backlog (default 1024). */
    public Builder backlog(int backlog) {
      this.backlog = backlog;
      return this;
    }

    /** The hub's configuration (default {@link HubConfig#defaults()}). */
    public Builder hubConfig(HubConfig config) {
      if (config == null) {
        throw new IllegalArgumentException("hubConfig == null");
      }
      this.hubConfig = config;
      return this;
    }

    /** Use virtual threads for connections on Java 21+ (default true); false forces platform threads. */
    public Builder virtualThreads(boolean enabled) {
      this.virtualThreads = enabled;
      return this;
    }

    /** Serves https with this context's key (default: plain http). */
    public Builder tls(SSLContext context) {
      if (context == null) {
        throw new IllegalArgumentException("tls context == null");
      }
      this.sslContext = context;
      return this;
    }

    /** Binds and starts the server. */
    public SseTestServer start() {
      try {
        return new SseTestServer(this);
      } catch (IOException e) {
        throw new UncheckedIOException("could not start the hub on " + host + ":" + port, e);
      }
    }
  }
}
