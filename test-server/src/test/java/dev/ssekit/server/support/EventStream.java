package dev.ssekit.server.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A test's SSE client on {@code java.net.http}: lines arrive asynchronously (no thread per stream), blocks
 * are turned into {@link TestEvent}s and queued. Follows the event-stream rules closely enough for the hub's
 * output; the SDK owns the full parser.
 */
public final class EventStream implements AutoCloseable {

  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private final BlockingQueue<TestEvent> events = new LinkedBlockingQueue<>();
  /**
   * Events a {@link #next(Predicate, Duration)} passed over, oldest first: kept, so later reads and
   * {@link #drain()} still see them (a helper that threw them away would make "nothing else arrived" checks
   * unable to fail). Only the test thread touches it.
   */
  private final java.util.ArrayDeque<TestEvent> skipped = new java.util.ArrayDeque<>();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();
  private final HttpResponse.ResponseInfo response;
  private volatile Flow.Subscription subscription;

  private EventStream(URI uri, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().header("Accept", "text/event-stream");
    headers.forEach(request::header);
    CompletableFuture<HttpResponse.ResponseInfo> head = new CompletableFuture<>();
    HttpResponse.BodyHandler<Void> handler = info -> {
      head.complete(info);
      return HttpResponse.BodySubscribers.fromLineSubscriber(new Lines());
    };
    CLIENT.sendAsync(request.build(), handler).whenComplete((r, e) -> {
      ended.complete(null);
      head.completeExceptionally(e == null ? new IllegalStateException("no response") : e);
    });
    response = head.get(10, TimeUnit.SECONDS);
  }

  /** Opens a stream; returns once the response headers arrived (whatever the status). */
  public static EventStream open(URI uri, Map<String, String> headers) {
    try {
      return new EventStream(uri, headers);
    } catch (Exception e) {
      throw new AssertionError("could not open " + uri.getPath(), e);
    }
  }

  public static EventStream open(URI uri) {
    return open(uri, Map.of());
  }

  public int status() {
    return response.statusCode();
  }

  public HttpHeaders headers() {
    return response.headers();
  }

  /** The next event, or null after the timeout. */
  public TestEvent poll(Duration timeout) {
    if (!skipped.isEmpty()) {
      return skipped.poll();
    }
    try {
      return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The next event, or an AssertionError after the timeout. */
  public TestEvent next(Duration timeout) {
    if (!skipped.isEmpty()) {
      return skipped.poll();
    }
    try {
      TestEvent e = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (e == null) {
        throw new AssertionError("no event within " + timeout);
      }
      return e;
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new AssertionError(ex);
    }
  }

  public TestEvent next() {
    return next(Duration.ofSeconds(5));
  }

  /** The next event of one type; events of other types (heartbeats, say) stay for later reads. */
  public TestEvent next(String type) {
    return next(e -> e.type().equals(type), Duration.ofSeconds(5));
  }

  /**
   * The first event, among those passed over before and those still to come, that is wanted; every other
   * event stays, in order, for later reads.
   */
  public TestEvent next(Predicate<TestEvent> wanted, Duration timeout) {
    for (java.util.Iterator<TestEvent> it = skipped.iterator(); it.hasNext(); ) {
      TestEvent e = it.next();
      if (wanted.test(e)) {
        it.remove();
        return e;
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no wanted event within " + timeout + "; passed over: " + skipped);
      }
      TestEvent e;
      try {
        e = events.poll(left, TimeUnit.NANOSECONDS);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new AssertionError(ex);
      }
      if (e == null) {
        continue;
      }
      if (wanted.test(e)) {
        return e;
      }
      skipped.add(e);
    }
  }

  /** Events already received and not taken (those passed over included), without waiting. */
  public List<TestEvent> drain() {
    List<TestEvent> out = new ArrayList<>(skipped);
    skipped.clear();
    events.drainTo(out);
    return out;
  }

  /** Events already received and not taken, heartbeats left out: what a "nothing else arrived" check reads. */
  public List<TestEvent> drainIgnoringHeartbeats() {
    List<TestEvent> out = drain();
    out.removeIf(e -> e.type().equals("heartbeat"));
    return out;
  }

  /** Completes when the server ends the stream (normally or not). */
  public CompletableFuture<Void> ended() {
    return ended;
  }

  @Override
  public void close() {
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
  }

  private final class Lines implements Flow.Subscriber<String> {
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String id;
    private String event;
    private Integer retry;

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      if (line.isEmpty()) {
        if (hasData) {
          String d = data.toString();
          events.add(new TestEvent(id, event, d.substring(0, d.length() - 1), retry));
        } else if (retry != null) {
          events.add(new TestEvent(id, "retry-only", null, retry));
        }
        data.setLength(0);
        hasData = false;
        id = null;
        event = null;
        retry = null;
        return;
      }
      if (line.startsWith(":")) {
        return;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      switch (field) {
        case "data" -> {
          data.append(value).append('\n');
          hasData = true;
        }
        case "id" -> id = value;
        case "event" -> event = value;
        case "retry" -> retry = Integer.valueOf(value);
        default -> { }
      }
    }

    @Override
    public void onError(Throwable t) {
      ended.complete(null);
    }

    @Override
    public void onComplete() {
      ended.complete(null);
    }
  }
}
