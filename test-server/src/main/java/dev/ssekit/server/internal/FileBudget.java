package dev.ssekit.server.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * Keeps a reserve of open files for everything but streams (the admin API above all): a new stream is refused
 * while fewer than {@code reserve} files are free, so the process never runs out of descriptors. The open count
 * is read from the OS at most every 50 ms, and on every check once within 256 files of the reserve. Where the
 * JDK cannot tell (not a Unix), there is no budget.
 */
final class FileBudget {

  private static final long STALE_NANOS = 50_000_000L;
  private static final long NEAR = 256;

  private final com.sun.management.UnixOperatingSystemMXBean os;
  private final long limit;
  private final long reserve;
  /** Guarded by this. */
  private long open;
  private long checkedAtNanos;
  private boolean checked;

  /** @param configuredLimit the open-file limit, or 0 for the process's own */
  FileBudget(long configuredLimit, int reserve) {
    OperatingSystemMXBean bean = ManagementFactory.getOperatingSystemMXBean();
    this.os = bean instanceof com.sun.management.UnixOperatingSystemMXBean unix ? unix : null;
    this.limit = configuredLimit > 0 ? configuredLimit : os != null ? os.getMaxFileDescriptorCount() : -1;
    this.reserve = reserve;
  }

  /**
   * Refuses a new stream when it would eat into the reserve.
   *
   * @throws HubLimitException 503 {@code HUB_FULL}
   */
  synchronized void check() {
    if (os == null || limit <= 0) {
      return;
    }
    long now = System.nanoTime();
    if (!checked || now - checkedAtNanos >= STALE_NANOS || open >= limit - reserve - NEAR) {
      open = os.getOpenFileDescriptorCount();
      checkedAtNanos = now;
      checked = true;
    }
    if (open >= limit - reserve) {
      throw HubLimitException.hubFull("the hub is near its open-file limit; the rest is kept for the admin API");
    }
  }
}
