package dev.ssekit.bench;

import dev.ssekit.bench.internal.Markdown;
import dev.ssekit.client.SseClient;
import dev.ssekit.client.SseEvent;
import dev.ssekit.client.SseListener;
import dev.ssekit.server.HubConfig;
import dev.ssekit.server.Message;
import dev.ssekit.server.SseTestServer;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;

/**
 * What a quiet stream costs the client, which on a phone is battery: an SDK client with its defaults, and
 * okhttp-sse beside it, on a stream of heartbeats only and on one with an event a second. For the client's threads
 * (the SDK's own, OkHttp's and Okio's) it counts the times they woke (context switches, from {@code /proc}), their CPU
 * time, and the ack requests sent, per minute and per arrival (a heartbeat or an event), after a warm-up of
 * {@link #WARM_UP_EVENTS} events. The hub runs in the same process; its threads are not counted.
 */
public final class IdleRun {

  /** Events pushed through the client before measuring, so the JIT has compiled the path (as in a long-lived app). */
  static final int WARM_UP_EVENTS = 20_000;

  private IdleRun() {}

  /** One reading of a client thread: its name and its context switches so far. */
  private static final class Reading {
    final String name;
    final long switches;

    Reading(String name, long switches) {
      this.name = name;
      this.switches = switches;
    }
  }

  /** The client's threads of this process, by native id (names as /proc has them: 15 characters). */
  private static Map<String, Reading> clientThreads() throws IOException {
    Map<String, Reading> out = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Paths.get("/proc/self/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        String name;
        List<String> status;
        try {
          name = new String(Files.readAllBytes(task.resolve("comm")), StandardCharsets.UTF_8).trim();
          status = Files.readAllLines(task.resolve("status"));
        } catch (IOException ended) {
          continue; // the thread ended meanwhile
        }
        if (!isClientThread(name)) {
          continue;
        }
        long switches = 0;
        for (String line : status) {
          if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
            switches += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
          }
        }
        out.put(task.getFileName().toString(), new Reading(name, switches));
      }
    }
    return out;
  }

  /** The client's threads: the SDK's own, OkHttp's (okhttp-sse reads on one) and Okio's timeout watchdog. */
  private static boolean isClientThread(String name) {
    return name.startsWith("ssekit-sse-") || name.startsWith("OkHttp") || name.startsWith("Okio");
  }

  /** CPU nanoseconds used so far by the client's live threads. */
  private static long clientCpuNanos() {
    long total = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (isClientThread(t.getName())) {
        long cpu = ManagementFactory.getThreadMXBean().getThreadCpuTime(t.getId());
        total += Math.max(0, cpu);
      }
    }
    return total;
  }

  /** The figures of one case. */
  static final class Result {
    final String name;
    final double seconds;
    final int arrivals;
    final Map<String, Long> wakesByThread;
    final long cpuNanos;
    final int acks;

    Result(String name, double seconds, int arrivals, Map<String, Long> wakesByThread, long cpuNanos, int acks) {
      this.name = name;
      this.seconds = seconds;
      this.arrivals = arrivals;
      this.wakesByThread = wakesByThread;
      this.cpuNanos = cpuNanos;
      this.acks = acks;
    }

    long wakes() {
      long total = 0;
      for (long w : wakesByThread.values()) {
        total += w;
      }
      return total;
    }
  }

  /**
   * Runs both cases for {@code duration} each, heartbeats every {@code heartbeat}; writes {@code idle-<jdk>.md}
   * to {@code outDir} and returns its table.
   */
  public static String run(File outDir, Duration duration, Duration heartbeat) throws Exception {
    List<Result> results = new ArrayList<>();
    String beat = "heartbeats only, one every " + heartbeat.toMillis() + " ms: ";
    results.add(measure(beat + "ssekit SDK", SSEKIT, duration, heartbeat, false));
    results.add(measure(beat + "okhttp-sse", OKHTTP_SSE, duration, heartbeat, false));
    results.add(measure("one event a second, and heartbeats: ssekit SDK", SSEKIT, duration, heartbeat, true));
    results.add(measure("one event a second, and heartbeats: okhttp-sse", OKHTTP_SSE, duration, heartbeat, true));
    List<List<String>> rows = new ArrayList<>();
    for (Result r : results) {
      double minutes = r.seconds / 60;
      rows.add(Arrays.asList(r.name, String.format("%.0f", r.seconds), Integer.toString(r.arrivals),
          String.format("%.0f", r.wakes() / minutes), String.format("%.2f", r.wakes() / (double) r.arrivals),
          String.format("%.1f", r.cpuNanos / 1e6 / minutes), String.format("%.0f", r.acks / minutes),
          String.valueOf(r.wakesByThread)));
    }
    String table = "JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version")
        + "; the SDK with its defaults (acks every 500 events or 1 s, callbacks on the reader thread), okhttp-sse "
        + "on the same OkHttpClient settings; after " + WARM_UP_EVENTS + " events to warm the JIT up\n\n"
        + Markdown.table(Arrays.asList("stream", "seconds", "arrivals", "client thread wakes / min",
            "wakes / arrival", "client CPU ms / min", "ack requests / min", "wakes by thread"), rows);
    outDir.mkdirs();
    String jdk = new File(System.getProperty("java.home")).getName();
    Files.write(new File(outDir, "idle-" + jdk + ".md").toPath(), table.getBytes(StandardCharsets.UTF_8));
    return table;
  }

  /** A client under test: opens the stream, counting arrivals, and is closed after the measurement. */
  interface Client {
    AutoCloseable open(OkHttpClient http, String url, AtomicInteger arrivals, CountDownLatch connected);
  }

  /** The SDK with its defaults. */
  static final Client SSEKIT = (http, url, arrivals, connected) -> {
    SseClient client = SseClient.builder(url).okHttpClient(http).listener(new SseListener() {
      @Override
      public void onEvent(SseEvent event) {
        if (event.type().equals("connected")) {
          connected.countDown();
        } else {
          arrivals.incrementAndGet();
        }
      }

      @Override
      public void onHeartbeat(SseEvent heartbeatEvent) {
        arrivals.incrementAndGet();
      }
    }).build();
    client.start();
    return client;
  };

  /** okhttp-sse on the same OkHttpClient settings (no acks, no reconnect: it has neither). */
  static final Client OKHTTP_SSE = (http, url, arrivals, connected) -> {
    okhttp3.sse.EventSource source = okhttp3.sse.EventSources.createFactory(http.newBuilder()
        .readTimeout(90, TimeUnit.SECONDS).build())
        .newEventSource(new okhttp3.Request.Builder().url(url).build(), new okhttp3.sse.EventSourceListener() {
          @Override
          public void onEvent(okhttp3.sse.EventSource es, String id, String type, String data) {
            if ("connected".equals(type)) {
              connected.countDown();
            } else {
              arrivals.incrementAndGet();
            }
          }
        });
    return source::cancel;
  };

  /**
   * One case: a client on a quiet stream, warmed up, then read for {@code duration}; heartbeats every {@code
   * heartbeat}, and an event a second if {@code eventEachSecond}.
   */
  static Result measure(String name, Client under, Duration duration, Duration heartbeat, boolean eventEachSecond)
      throws Exception {
    AtomicInteger acks = new AtomicInteger();
    AtomicInteger arrivals = new AtomicInteger();
    CountDownLatch connected = new CountDownLatch(1);
    OkHttpClient http = new OkHttpClient.Builder().addNetworkInterceptor(chain -> {
      if (chain.request().url().encodedPath().endsWith("/ack")) {
        acks.incrementAndGet();
      }
      return chain.proceed(chain.request());
    }).build();
    ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
    try (SseTestServer server = SseTestServer.start(HubConfig.builder().heartbeatInterval(heartbeat)
        .bufferSize(WARM_UP_EVENTS + 100).clientQueueCapacity(WARM_UP_EVENTS + 100).build());
        AutoCloseable client = under.open(http, server.url().resolve("/v1/sse").toString(), arrivals, connected)) {
      if (!connected.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the client did not connect within 30 s");
      }
      // Warm up as a long-running app is: the read and delivery path compiled by the JIT, not interpreted.
      for (int i = 0; i < WARM_UP_EVENTS; i++) {
        server.hub().broadcast(Message.of("warm-up"));
      }
      long warmDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (arrivals.get() < WARM_UP_EVENTS && System.nanoTime() < warmDeadline) {
        Thread.sleep(10);
      }
      if (eventEachSecond) {
        publisher.scheduleAtFixedRate(() -> server.hub().broadcast(Message.of("tick")), 1, 1, TimeUnit.SECONDS);
      }
      Thread.sleep(1_000); // past the warm-up's own work (its last acks)
      Map<String, Reading> before = clientThreads();
      long cpuBefore = clientCpuNanos();
      int arrivalsBefore = arrivals.get();
      int acksBefore = acks.get();
      long start = System.nanoTime();
      Thread.sleep(duration.toMillis()); // the measured window: a fixed length of idle time is the point
      double seconds = (System.nanoTime() - start) / 1e9;
      Map<String, Reading> after = clientThreads();
      long cpu = clientCpuNanos() - cpuBefore;
      Map<String, Long> wakes = new java.util.TreeMap<>();
      for (Map.Entry<String, Reading> e : after.entrySet()) {
        Reading was = before.get(e.getKey());
        long delta = e.getValue().switches - (was == null ? 0 : was.switches);
        wakes.merge(e.getValue().name, delta, Long::sum);
      }
      return new Result(name, seconds, arrivals.get() - arrivalsBefore, wakes, cpu, acks.get() - acksBefore);
    } finally {
      publisher.shutdownNow();
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }
}
