package dev.ssekit.server.internal;

import java.security.SecureRandom;

/**
 * Hub-assigned message ids: {@code <run>-<seq>}. The run part is random per hub instance, so an id from an
 * earlier run never matches a new message; the seq part orders ids within a run (clause 11).
 */
final class HubIds {

  private final String prefix;
  private final String origin;

  HubIds() {
    SecureRandom random = new SecureRandom();
    long bits = random.nextLong() >>> 14; // 50 random bits
    this.prefix = Long.toString(bits, 36) + "-";
    this.origin = prefix + "0";
  }

  /** The position before this run's first message: a join position when nothing was published yet. */
  String origin() {
    return origin;
  }

  String idFor(long seq) {
    return prefix + seq;
  }

  /**
   * The seq inside an id of this run, or -1 when the id is not one this run issued: the seq is written as
   * {@link #idFor} writes it, so an id with extra leading zeros is not the id it pads.
   */
  long seqOf(String id) {
    if (id == null || !id.startsWith(prefix) || id.length() == prefix.length()
        || id.length() - prefix.length() > 18
        || id.charAt(prefix.length()) == '0' && id.length() > prefix.length() + 1) {
      return -1;
    }
    long seq = 0;
    for (int i = prefix.length(); i < id.length(); i++) {
      char c = id.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      seq = seq * 10 + (c - '0');
    }
    return seq;
  }
}
