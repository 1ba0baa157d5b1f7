package dev.ssekit.conformance.internal.mutants;

import dev.ssekit.conformance.internal.mutants.Exchange.Request;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One stream relayed by the proxy. Written by its connection thread; {@link #write} may come from any thread. */
public final class StreamSession {

  private final Request request;
  private final int publishedBefore;
  /** Set from the request, then from the connected event. Written by the connection thread. */
  private volatile String clientId;
  private final Map<String, Object> attributes = new ConcurrentHashMap<>();
  private OutputStream out;
  private volatile boolean ended;

  StreamSession(Request request, int publishedBefore) {
    this.request = request;
    this.publishedBefore = publishedBefore;
    String id = request.header("x-client-id");
    this.clientId = id != null ? id : request.param("client_id");
  }

  public Request request() {
    return request;
  }

  /** The client's Last-Event-ID (header, else query), or null. */
  public String lastEventId() {
    String h = request.header("last-event-id");
    return h != null ? h : request.param("last_event_id");
  }

  /** How many messages the proxy had seen published when this stream opened. */
  public int publishedBefore() {
    return publishedBefore;
  }

  public String clientId() {
    return clientId;
  }

  void clientId(String id) {
    this.clientId = id;
  }

  public Map<String, Object> attributes() {
    return attributes;
  }

  synchronized void attach(OutputStream out) {
    this.out = out;
  }

  /** Writes a block to the client and flushes it. */
  public synchronized void write(Block block) throws IOException {
    if (out == null || ended) {
      throw new IOException("stream not open");
    }
    out.write(block.wire().getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  void end() {
    ended = true;
  }

  public boolean ended() {
    return ended;
  }
}
