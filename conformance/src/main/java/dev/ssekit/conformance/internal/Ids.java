package dev.ssekit.conformance.internal;

/** The shape of hub-assigned ids (clause 11): {@code <run>-<seq>}, with the run's origin {@code <run>-0}. */
public final class Ids {

  private Ids() {}

  /** The run part of a hub-assigned id, or null if it does not have the form {@code <run>-<seq>}. */
  public static String run(String hubId) {
    int dash = hubId == null ? -1 : hubId.lastIndexOf('-');
    if (dash <= 0 || dash == hubId.length() - 1) {
      return null;
    }
    for (int i = dash + 1; i < hubId.length(); i++) {
      if (!Character.isDigit(hubId.charAt(i))) {
        return null;
      }
    }
    return hubId.substring(0, dash);
  }

  /** The sequence number of a hub-assigned id, or -1. */
  public static long seq(String hubId) {
    String run = run(hubId);
    try {
      return run == null ? -1 : Long.parseLong(hubId.substring(run.length() + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The origin {@code <run>-0} of the run a hub-assigned id belongs to, or null. */
  public static String origin(String hubId) {
    String run = run(hubId);
    return run == null ? null : run + "-0";
  }
}
