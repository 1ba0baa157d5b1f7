package dev.ssekit.conformance.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An open event stream whose events a daemon thread reads into a queue; every wait on it is bounded. Opened by
 * {@link Wire#open}.
 */
public final class EventStream implements AutoCloseable {

  /**
   * One event as seen on the wire. {@code id} is the block's own id line, or null; {@code raw} the block's lines
   * as received (LF-joined).
   */
  public record Event(String id, String type, String data, Integer retry, String raw) {}

  /**
   * What a stream showed up to an awaited event.
   *
   * @param events every event read, in order, the awaited one last when it came
   * @param reached whether the awaited event came
   * @param how how the reading ended, for evidence: a timeout names what was awaited
   */
  public record Reading(List<Event> events, boolean reached, String how) {
    /** Whether any event read has this id. */
    public boolean shows(String id) {
      return events.stream().anyMatch(e -> id.equals(e.id()));
    }

    /** The ids read, in order (events without an id left out). */
    public List<String> ids() {
      List<String> out = new ArrayList<>();
      events.forEach(e -> {
        if (e.id() != null) {
          out.add(e.id());
        }
      });
      return out;
    }
  }

  public final int status;
  public final HttpHeaders headers;
  private final InputStream body;
  private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
  private final AtomicInteger comments = new AtomicInteger();
  /** Events with an id line read so far (messages; connected, heartbeat and gap carry none). */
  private final AtomicInteger messages = new AtomicInteger();
  private static final Object END = new Object();
  /** The lines of a refusal's body (a status other than 200), as read. */
  private final StringBuffer refusal = new StringBuffer();
  private final java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);

  EventStream(HttpResponse<InputStream> response) {
    this.status = response.statusCode();
    this.headers = response.headers();
    this.body = response.body();
    Thread reader = new Thread(this::read, "conformance-stream");
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      StringBuilder data = null;
      StringBuilder raw = new StringBuilder();
      String id = null;
      String type = null;
      Integer retry = null;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.isEmpty()) {
          if (data != null || retry != null || id != null) {
            if (id != null) {
              messages.incrementAndGet();
            }
            events.add(new Event(id, type == null ? "message" : type,
                data == null ? null : data.substring(0, data.length() - 1), retry, raw.toString()));
          }
          data = null;
          id = null;
          type = null;
          retry = null;
          raw.setLength(0);
          continue;
        }
        raw.append(line).append('\n');
        if (status != 200) {
          refusal.append(line).append('\n');
        }
        if (line.startsWith(":")) {
          comments.incrementAndGet();
          continue;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        value = value.startsWith(" ") ? value.substring(1) : value;
        switch (field) {
          case "data" -> data = (data == null ? new StringBuilder() : data).append(value).append('\n');
          case "id" -> id = value;
          case "event" -> type = value;
          case "retry" -> retry = value.matches("\\d+") ? Integer.valueOf(value) : null;
          default -> { }
        }
      }
    } catch (IOException e) {
      // closed
    } finally {
      events.add(END);
      ended.countDown();
    }
  }

  /**
   * A refused stream's answer (status other than 200) with its body as read until the hub ended it, waiting at
   * most {@code wait}; null when the body did not end in time.
   */
  public Wire.Reply refusal(Duration wait) throws InterruptedException {
    if (!ended.await(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      return null;
    }
    return new Wire.Reply(status, headers, refusal.toString().strip());
  }

  /** How many events with an id line arrived so far (read by the stream's thread, not yet taken). */
  public int messages() {
    return messages.get();
  }

  /**
   * Everything that arrives until an event with id {@code id}, the end of the stream or {@code max}, whichever
   * comes first; heartbeats cannot keep it reading past {@code max}.
   */
  public Reading until(String id, Duration max) throws InterruptedException {
    return until(e -> id.equals(e.id()), id, max);
  }

  /**
   * Everything that arrives until an event that {@code awaited} accepts ({@code what} names it for evidence), the
   * end of the stream or {@code max}, whichever comes first.
   */
  public Reading until(java.util.function.Predicate<Event> awaited, String what, Duration max)
      throws InterruptedException {
    String id = what;
    List<Event> seen = new ArrayList<>();
    long deadline = System.nanoTime() + max.toNanos();
    for (long left = max.toNanos(); left > 0; left = deadline - System.nanoTime()) {
      Object e = events.poll(left, TimeUnit.NANOSECONDS);
      if (e == null) {
        break;
      }
      if (e == END) {
        events.add(END);
        return new Reading(seen, false, "the stream ended before " + id);
      }
      Event event = (Event) e;
      seen.add(event);
      if (awaited.test(event)) {
        return new Reading(seen, true, "read up to " + id);
      }
    }
    return new Reading(seen, false, "timed out after " + max.toMillis() + " ms awaiting " + id);
  }

  /** How many comment lines arrived so far. */
  public int comments() {
    return comments.get();
  }

  /** The next event within the timeout; null if none came or the stream ended. */
  public Event next(Duration timeout) throws InterruptedException {
    Object e = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (e == END) {
      events.add(END);
      return null;
    }
    return (Event) e;
  }

  /** The next event of a type (skipping others), or null. */
  public Event next(String type, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
      Event e = next(Duration.ofNanos(left));
      if (e == null) {
        return null;
      }
      if (e.type().equals(type)) {
        return e;
      }
    }
    return null;
  }

  /** Events of a type until {@code count} arrived or nothing came for {@code quiet}. */
  public List<Event> take(String type, int count, Duration quiet) throws InterruptedException {
    List<Event> out = new ArrayList<>();
    while (out.size() < count) {
      Event e = next(type, quiet);
      if (e == null) {
        break;
      }
      out.add(e);
    }
    return out;
  }

  /** Whether the server ended the stream within the timeout (events still queued are dropped). */
  public boolean endsWithin(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Object e = events.poll(50, TimeUnit.MILLISECONDS);
      if (e == END) {
        events.add(END);
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    try {
      body.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
