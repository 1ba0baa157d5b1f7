package dev.ssekit.server.internal.http;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs refused requests (401, 403, 429 and ownership probes; or, in a log of its own, requests answered 500
 * because the token validator failed) as a count and one sample, at most one line per second, so a client
 * hammering the hub with bad tokens cannot flood the log (clause 5). The first refusal is
 * logged at once; refusals after it are counted and the next line, or {@link #flush} on the housekeeping
 * thread, reports them. A sample names the status, the remote address and the path only (never the query,
 * where tokens travel), the path cut at {@value #MAX_PATH} characters.
 */
final class RefusalLog {

  private static final Logger LOG = LoggerFactory.getLogger(AuthGate.class);
  static final int MAX_PATH = 80;
  private static final long PERIOD_NANOS = 1_000_000_000L;

  private final String what;
  private final String outcome;
  private final boolean warn;
  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong nextLineAt = new AtomicLong(System.nanoTime());
  /** The first refusal since the last line, described. */
  private volatile String sample;

  /** The log of auth refusals, at INFO: "auth failed: N request(s) refused …". */
  RefusalLog() {
    this("auth failed", "refused", false);
  }

  /**
   * @param what what went wrong, the line's start
   * @param outcome what the requests got, after their count
   * @param warn WARN rather than INFO
   */
  RefusalLog(String what, String outcome, boolean warn) {
    this.what = what;
    this.outcome = outcome;
    this.warn = warn;
  }

  /** Counts one refusal, and writes the line if one is due. */
  void refused(int status, String address, String rawPath) {
    refused(status, address, rawPath, null);
  }

  /** {@link #refused(int, String, String)} with a detail for the sample (never a token), or null. */
  void refused(int status, String address, String rawPath, String detail) {
    pending.incrementAndGet();
    if (sample == null) {
      String path = rawPath == null ? "" : rawPath;
      if (path.length() > MAX_PATH) {
        path = path.substring(0, MAX_PATH) + "…";
      }
      sample = status + " from " + address + " on " + path + (detail == null ? "" : " (" + detail + ")");
    }
    emitIfDue();
  }

  /** Writes the line for refusals counted since the last one, if a second has passed. */
  void flush() {
    if (pending.get() > 0) {
      emitIfDue();
    }
  }

  private void emitIfDue() {
    long now = System.nanoTime();
    long due = nextLineAt.get();
    if (now - due < 0 || !nextLineAt.compareAndSet(due, now + PERIOD_NANOS)) {
      return;
    }
    long n = pending.getAndSet(0);
    String s = sample;
    sample = null;
    if (n > 0 && warn) {
      LOG.warn("{}: {} request(s) {} since the last such line; e.g. {}", what, n, outcome, s);
    } else if (n > 0) {
      LOG.info("{}: {} request(s) {} since the last such line; e.g. {}", what, n, outcome, s);
    }
  }
}
