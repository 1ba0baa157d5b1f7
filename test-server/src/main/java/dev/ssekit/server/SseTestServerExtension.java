package dev.ssekit.server;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives a test a running {@link SseTestServer}. Registered on a static field it
 * serves the whole class; on an instance field, a fresh server per test. A test method may also take an
 * {@code SseTestServer} parameter. A server shared by a class ends every stream after each test, so the
 * next test starts with {@link Hub#getClientCount()} at 0 (the hub and its buffer are kept).
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SseTestServerExtension HUB = new SseTestServerExtension(HubConfig.defaults());
 *
 * @Test void receivesBroadcast() { HUB.hub().broadcast(Message.of("hi")); ... HUB.url() ... }
 * }</pre>
 */
public final class SseTestServerExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

  private final SseTestServer.Builder builder;
  private SseTestServer server;
  private boolean perClass;

  /** A server with this hub configuration on 127.0.0.1 and a free port. */
  public SseTestServerExtension(HubConfig config) {
    this(SseTestServer.builder().hubConfig(config));
  }

  /** A server built from this builder. */
  public SseTestServerExtension(SseTestServer.Builder builder) {
    this.builder = builder;
  }

  /** The running server. */
  public SseTestServer server() {
    if (server == null) {
      throw new IllegalStateException("the server runs only while a test does");
    }
    return server;
  }

  /** The running server's hub. */
  public Hub hub() {
    return server().hub();
  }

  /** The running server's base URL. */
  public java.net.URI url() {
    return server().url();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    server = builder.start();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (server == null) {
      server = builder.start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      closeServer();
    } else if (server != null && !server.hub().isStopped()) {
      server.faults().disconnect(); // the streams end now, and no longer count, even before they left
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    closeServer();
  }

  private void closeServer() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == SseTestServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return server();
  }
}
