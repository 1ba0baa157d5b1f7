package dev.ssekit.bench.internal;

import java.util.Arrays;

/**
 * Latencies in microseconds, counted in log-linear buckets (exact below 64 us, then 32 buckets per power of
 * two, so a reported percentile is within about 3 % of the true value). A load process can record millions
 * of receipts in fixed memory and ship its counts to the parent in one line. Not thread-safe.
 */
public final class LatencyHistogram {

  private static final int SUB_BITS = 5;
  private static final int SUB = 1 << SUB_BITS;
  private static final int EXACT = 2 * SUB;
  /** Enough buckets for any non-negative long. */
  private static final int BUCKETS = EXACT + (64 - SUB_BITS - 1) * SUB;

  private final long[] counts = new long[BUCKETS];
  private long total;
  private long max;

  /** Counts one latency; negative values (clock skew) count as 0. */
  public void record(long micros) {
    long v = Math.max(0, micros);
    counts[index(v)]++;
    total++;
    max = Math.max(max, v);
  }

  /** Latencies recorded. */
  public long count() {
    return total;
  }

  /** The largest latency recorded (exact), 0 when empty. */
  public long max() {
    return max;
  }

  /** The value at or below which a fraction {@code p} (0-1) of the latencies fall; -1 when empty. */
  public long percentile(double p) {
    if (total == 0) {
      return -1;
    }
    if (p >= 1.0) {
      return max;
    }
    long rank = Math.max(1, (long) Math.ceil(p * total));
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return Math.min(max, upper(i));
      }
    }
    return max;
  }

  /** Adds another histogram's counts to this one. */
  public void add(LatencyHistogram other) {
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
    max = Math.max(max, other.max);
  }

  /** Forgets every latency. */
  public void reset() {
    Arrays.fill(counts, 0);
    total = 0;
    max = 0;
  }

  /** Up to {@code points} sorted values that follow the distribution, for a CDF chart. */
  public long[] sample(int points) {
    if (total == 0) {
      return new long[0];
    }
    int n = (int) Math.min(points, total);
    long[] out = new long[n];
    for (int k = 0; k < n; k++) {
      out[k] = percentile((k + 1) / (double) n);
    }
    return out;
  }

  /** One line: {@code max index:count index:count ...} for the non-empty buckets. */
  public String encode() {
    StringBuilder sb = new StringBuilder().append(max);
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] != 0) {
        sb.append(' ').append(i).append(':').append(counts[i]);
      }
    }
    return sb.toString();
  }

  /** Reads what {@link #encode} wrote. */
  public static LatencyHistogram decode(String line) {
    String[] parts = line.trim().split(" ");
    LatencyHistogram h = new LatencyHistogram();
    h.max = Long.parseLong(parts[0]);
    for (int k = 1; k < parts.length; k++) {
      int colon = parts[k].indexOf(':');
      int i = Integer.parseInt(parts[k].substring(0, colon));
      long c = Long.parseLong(parts[k].substring(colon + 1));
      if (i < 0 || i >= BUCKETS || c < 0) {
        throw new IllegalArgumentException("bad histogram bucket: " + parts[k]);
      }
      h.counts[i] += c;
      h.total += c;
    }
    return h;
  }

  static int index(long v) {
    if (v < EXACT) {
      return (int) v;
    }
    int shift = 63 - Long.numberOfLeadingZeros(v) - SUB_BITS;
    return EXACT + (shift - 1) * SUB + (int) ((v >>> shift) - SUB);
  }

  /** The largest value that falls in bucket {@code i}. */
  static long upper(int i) {
    if (i < EXACT) {
      return i;
    }
    int shift = (i - EXACT) / SUB + 1;
    long sub = (i - EXACT) % SUB + SUB;
    long top = ((sub + 1) << shift) - 1;
    return top < 0 ? Long.MAX_VALUE : top;
  }
}
