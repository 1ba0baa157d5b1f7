package dev.ssekit.bench.internal;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Counts OkHttp's "A connection to ... was leaked" warnings (a response nobody closed), which OkHttp logs on
 * the {@code okhttp3.OkHttpClient} java.util.logging logger when its pool finds a call that was collected
 * while still holding a connection. OkHttp only looks when its pool cleans up, so {@link #check} makes it
 * look: it collects garbage, then completes one request, which runs the cleanup.
 */
public final class LeakWatch implements AutoCloseable {

  /** Held so the logger (and the handler on it) is not collected. */
  private final Logger logger = Logger.getLogger(OkHttpClient.class.getName());
  private final AtomicInteger leaks = new AtomicInteger();
  /** Where each leaked call was made (first frame outside OkHttp), with counts. */
  private final Map<String, Integer> callers = new ConcurrentHashMap<>();
  private final Level levelBefore = logger.getLevel();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      String message = record.getMessage();
      if (message != null && message.contains("was leaked")) {
        leaks.incrementAndGet();
        callers.merge(caller(record.getThrown()), 1, Integer::sum);
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  /** Starts counting; OkHttp records where each call is made from now on, so a leak can name its caller. */
  public LeakWatch() {
    logger.setLevel(Level.FINE);
    logger.addHandler(handler);
  }

  /** The code that made each leaked call ({@code class.method}) and how many it leaked. */
  public Map<String, Integer> callers() {
    return new TreeMap<>(callers);
  }

  private static String caller(Throwable allocatedAt) {
    if (allocatedAt == null) {
      return "unknown (the call was made before the watch began)";
    }
    for (StackTraceElement e : allocatedAt.getStackTrace()) {
      String c = e.getClassName();
      if (!c.startsWith("okhttp3.") && !c.startsWith("okio.") && !c.startsWith("kotlin.")
          && !c.startsWith("java.")) {
        return c + "." + e.getMethodName();
      }
    }
    return "unknown";
  }

  /** Leak warnings logged since this watch began. */
  public int leaks() {
    return leaks.get();
  }

  /**
   * Makes OkHttp look for leaked connections in {@code http}'s pool now and returns the warnings so far:
   * garbage is collected, a request to {@code probe} completes (any status), and the pool's cleanup that it
   * starts gets up to {@code graceMillis} to report.
   */
  public int check(OkHttpClient http, HttpUrl probe, long graceMillis) throws IOException, InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    try (Response response = http.newCall(new Request.Builder().url(probe).build()).execute()) {
      response.body().bytes();
    }
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
    int before = leaks.get();
    while (leaks.get() == before && System.nanoTime() < until) {
      Thread.sleep(10); // the cleanup runs on OkHttp's task thread; polling its outcome, not timing it
    }
    return leaks.get();
  }

  @Override
  public void close() {
    logger.removeHandler(handler);
    logger.setLevel(levelBefore);
  }
}
