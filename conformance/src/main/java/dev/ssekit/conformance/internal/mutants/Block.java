package dev.ssekit.conformance.internal.mutants;

import java.util.ArrayList;
import java.util.List;

/**
 * One block of an event stream as the proxy relays it: its lines without line ends (the blank line that ends
 * it is implied). Immutable.
 */
public record Block(List<String> lines) {

  public Block {
    lines = List.copyOf(lines);
  }

  /** A block from these lines. */
  public static Block of(String... lines) {
    return new Block(List.of(lines));
  }

  /** A block framed as a hub frames a message. */
  public static Block message(String id, String event, String data) {
    List<String> out = new ArrayList<>();
    if (id != null) {
      out.add("id: " + id);
    }
    if (event != null && !event.isEmpty()) {
      out.add("event: " + event);
    }
    for (String line : data.split("\r\n|\r|\n", -1)) {
      out.add("data: " + line);
    }
    return new Block(out);
  }

  /** The value of the first line of this field, or null. */
  public String field(String name) {
    for (String l : lines) {
      if (l.startsWith(name + ":")) {
        String v = l.substring(name.length() + 1);
        return v.startsWith(" ") ? v.substring(1) : v;
      }
    }
    return null;
  }

  public String id() {
    return field("id");
  }

  /** The event type ({@code message} when none). */
  public String event() {
    String e = field("event");
    return e == null ? "message" : e;
  }

  /** The data lines joined by LF, or null when there is none. */
  public String data() {
    StringBuilder sb = null;
    for (String l : lines) {
      if (l.startsWith("data:")) {
        String v = l.substring(5);
        v = v.startsWith(" ") ? v.substring(1) : v;
        sb = sb == null ? new StringBuilder(v) : sb.append('\n').append(v);
      }
    }
    return sb == null ? null : sb.toString();
  }

  /** This block with its data replaced (one data line per line). */
  public Block withData(String data) {
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      if (!l.startsWith("data:")) {
        out.add(l);
      }
    }
    for (String line : data.split("\n", -1)) {
      out.add("data: " + line);
    }
    return new Block(out);
  }

  /** The bytes written for this block, blank line included. */
  public String wire() {
    StringBuilder sb = new StringBuilder();
    lines.forEach(l -> sb.append(l).append('\n'));
    return sb.append('\n').toString();
  }
}
