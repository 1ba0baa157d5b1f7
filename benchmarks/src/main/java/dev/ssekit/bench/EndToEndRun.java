package dev.ssekit.bench;

import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.ErrorStrategy;
import com.launchdarkly.eventsource.MessageEvent;
import dev.ssekit.bench.internal.Allocations;
import dev.ssekit.bench.internal.Charts;
import dev.ssekit.bench.internal.LeakWatch;
import dev.ssekit.bench.internal.Markdown;
import dev.ssekit.client.SseClient;
import dev.ssekit.client.SseConfig;
import dev.ssekit.client.SseEvent;
import dev.ssekit.client.SseListener;
import dev.ssekit.server.HubConfig;
import dev.ssekit.server.Message;
import dev.ssekit.server.SseTestServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;

/**
 * One hub stream of N events, consumed over loopback by the SDK, by raw okhttp-sse and by LaunchDarkly's
 * client: same hub, same events (replayed from the hub's buffer, so the hub is never the one waiting), same
 * run. Reports events/s and bytes allocated per event by the client's threads (hub threads excluded).
 */
public final class EndToEndRun {

  private static final List<String> CLIENTS =
      Arrays.asList("ssekit SDK", "ssekit SDK, callback executor", "okhttp-sse", "LaunchDarkly");

  private static final int TIMEOUT_SECONDS = 10;
  /** The SDK's default read timeout; the SDK applies its own to its stream, so every client gets this one. */
  private static final int READ_TIMEOUT_SECONDS = 90;

  private EndToEndRun() {}

  /** Reads the whole stream with one client; returns what closes it (called after the measurement). */
  interface Consumer {
    AutoCloseable consume(String url, String lastEventId, int events) throws Exception;
  }

  public static String run(File outDir, int events, int payload, int rounds) throws Exception {
    Map<String, List<double[]>> samples = new LinkedHashMap<>();
    int leaks;
    Map<String, Integer> leakedBy;
    try (LeakWatch watch = new LeakWatch(); SseTestServer server = SseTestServer.start(HubConfig.builder().bufferSize(events + 10)
        .clientQueueCapacity(events + 10).heartbeatInterval(Duration.ofMinutes(10)).build())) {
      String start = server.hub().broadcast(Message.of("start"));
      char[] pad = new char[payload];
      Arrays.fill(pad, 'x');
      String data = new String(pad);
      for (int i = 0; i < events; i++) {
        server.hub().broadcast(Message.of(data));
      }
      String url = server.url().resolve("/v1/sse").toString();
      OkHttpClient http = sharedClient();
      Map<String, Consumer> consumers = new LinkedHashMap<>();
      consumers.put(CLIENTS.get(0), (u, last, n) -> ssekit(http, u, last, n, null));
      consumers.put(CLIENTS.get(1), (u, last, n) -> {
        java.util.concurrent.ExecutorService callbacks = java.util.concurrent.Executors.newSingleThreadExecutor();
        AutoCloseable client = ssekit(http, u, last, n, callbacks);
        return () -> {
          client.close();
          callbacks.shutdown();
        };
      });
      consumers.put(CLIENTS.get(2), (u, last, n) -> okhttpSse(http, u, last, n));
      consumers.put(CLIENTS.get(3), (u, last, n) -> launchDarkly(http, u, last, n));
      for (int round = 0; round < rounds + 1; round++) { // round 0 warms up
        for (Map.Entry<String, Consumer> c : consumers.entrySet()) {
          Map<Long, Long> before = Allocations.snapshot();
          Map<Long, Long> cpuBefore = Allocations.cpuSnapshot();
          long t0 = System.nanoTime();
          AutoCloseable client = c.getValue().consume(url, start, events);
          long nanos = System.nanoTime() - t0;
          long cpu = Allocations.between(cpuBefore, Allocations.cpuSnapshot());
          long allocated = Allocations.between(before, Allocations.snapshot());
          client.close(); // after the reading: the client's threads still count
          if (round > 0) {
            samples.computeIfAbsent(c.getKey(), k -> new ArrayList<>())
                .add(new double[] {events / (nanos / 1e9), (double) allocated / events, (double) cpu / events});
          }
        }
      }
      leaks = watch.check(http, HttpUrl.get(server.url().resolve("/healthz").toString()), 1_000);
      leakedBy = watch.callers();
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
    List<List<String>> rows = new ArrayList<>();
    Map<String, double[]> bars = new LinkedHashMap<>();
    double okhttp = median(samples.get(CLIENTS.get(2)), 0);
    for (String client : CLIENTS) {
      double rate = median(samples.get(client), 0);
      double alloc = median(samples.get(client), 1);
      double cpu = median(samples.get(client), 2);
      bars.put(client, new double[] {rate});
      rows.add(Arrays.asList(client, String.format("%,.0f", rate), String.format("%.2f", rate / okhttp),
          String.format("%,.0f", alloc), String.format("%,.0f", cpu)));
    }
    String table = Markdown.table(Arrays.asList("client", "events/s (median of " + rounds + ")",
        "vs okhttp-sse", "bytes allocated / event", "client CPU ns / event"), rows)
        + "\nOne OkHttpClient for every client (connect and write timeouts " + TIMEOUT_SECONDS + " s, read timeout "
        + READ_TIMEOUT_SECONDS + " s, no call timeout); OkHttp \"connection leaked\" warnings after the run: "
        + leaks + (leaks == 0 ? "" : " (calls made by " + leakedBy + ")") + "\n";
    table = "JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version") + "; "
        + events + " events of " + payload + " B\n\n" + table;
    String tag = new File(System.getProperty("java.home")).getName(); // one file per JDK, as the parser's
    Files.createDirectories(outDir.toPath());
    Files.write(new File(outDir, "e2e-" + tag + ".md").toPath(), table.getBytes(StandardCharsets.UTF_8));
    Charts.bars(new File(outDir, "e2e-throughput-" + tag + ".png"),
        "End to end over loopback: " + events + " events of " + payload + " B (events/s)", "events/s",
        Arrays.asList("one stream"), bars);
    return table;
  }

  /** The one client every peer reads through, so none has other timeouts, pool or dispatcher. */
  private static OkHttpClient sharedClient() {
    return new OkHttpClient.Builder()
        .connectTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .writeTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .readTimeout(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .callTimeout(0, TimeUnit.SECONDS)
        .build();
  }

  private static double median(List<double[]> values, int index) {
    double[] v = new double[values.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = values.get(i)[index];
    }
    Arrays.sort(v);
    return v[v.length / 2];
  }

  /**
   * The SDK with its defaults (acks on, callbacks on the reader thread), or with callbacks handed to an executor
   * (one thread of the app's, as an app that keeps callbacks off the reader would give).
   */
  private static AutoCloseable ssekit(OkHttpClient http, String url, String last, int events,
      java.util.concurrent.Executor callbacks) throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    AtomicLong seen = new AtomicLong();
    SseClient client = SseClient.builder(url).okHttpClient(http)
        .config(SseConfig.builder().initialLastEventId(last).callbackExecutor(callbacks)
            .readTimeoutMillis(TimeUnit.SECONDS.toMillis(READ_TIMEOUT_SECONDS)).build())
        .listener(new SseListener() {
          @Override
          public void onEvent(SseEvent event) {
            if (event.type().equals("message") && seen.incrementAndGet() == events) {
              done.countDown();
            }
          }
        }).build();
    client.start();
    await(done);
    return client;
  }

  private static AutoCloseable okhttpSse(OkHttpClient http, String url, String last, int events) throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    AtomicLong seen = new AtomicLong();
    EventSource source = EventSources.createFactory(http).newEventSource(
        new Request.Builder().url(url).header("Last-Event-ID", last).build(), new EventSourceListener() {
          @Override
          public void onEvent(EventSource es, String id, String type, String data) {
            if (type == null && seen.incrementAndGet() == events) {
              done.countDown();
            }
          }
        });
    await(done);
    return source::cancel;
  }

  /**
   * LaunchDarkly's client read as its blocking API is meant to be read: on a thread of its own that reads until
   * the stream fails. Closing it from the reading thread itself would cancel the call but leave the response
   * unclosed (OkHttp then reports a leaked connection), so the caller closes it from outside and the reader
   * ends on the failure that follows.
   */
  private static AutoCloseable launchDarkly(OkHttpClient http, String url, String last, int events)
      throws Exception {
    com.launchdarkly.eventsource.EventSource source = new com.launchdarkly.eventsource.EventSource.Builder(
            ConnectStrategy.http(java.net.URI.create(url)).httpClient(http))
            .lastEventId(last)
            .errorStrategy(ErrorStrategy.alwaysThrow())
            .build();
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<Exception> failure = new AtomicReference<>();
    Thread reader = new Thread(() -> {
      long seen = 0;
      try {
        while (true) {
          MessageEvent m = source.readMessage();
          if (m.getEventName().equals("message") && ++seen == events) {
            done.countDown();
          }
        }
      } catch (Exception e) {
        if (done.getCount() > 0) { // failed before the end, not closed by the caller
          failure.set(e);
          done.countDown();
        }
      }
    }, "launchdarkly-reader");
    reader.start();
    await(done);
    if (failure.get() != null) {
      source.close();
      throw new IllegalStateException("LaunchDarkly's client failed: " + failure.get(), failure.get());
    }
    return () -> {
      source.close();
      reader.join(TimeUnit.SECONDS.toMillis(10));
    };
  }

  private static void await(CountDownLatch done) throws InterruptedException {
    if (!done.await(5, TimeUnit.MINUTES)) {
      throw new IllegalStateException("the stream did not complete in 5 minutes");
    }
  }
}
