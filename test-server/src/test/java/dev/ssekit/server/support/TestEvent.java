package dev.ssekit.server.support;

/** One dispatched event as a test client saw it; {@code id} is the id line of its own block, or null. */
public record TestEvent(String id, String event, String data, Integer retry) {

  public String type() {
    return event == null ? "message" : event;
  }
}
