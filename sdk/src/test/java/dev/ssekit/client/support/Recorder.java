package dev.ssekit.client.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssekit.client.ConnectionState;
import dev.ssekit.client.Gap;
import dev.ssekit.client.SseEvent;
import dev.ssekit.client.SseException;
import dev.ssekit.client.SseListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import okhttp3.Response;

/**
 * Records every callback as a line of text, with the thread it ran on, and lets a test wait for them in
 * order. Lines: {@code open}, {@code event <id> <type> <data>}, {@code comment <text>}, {@code heartbeat},
 * {@code gap <last> <oldest>}, {@code state <state>}, {@code error <class>}, {@code poison <id> <type> <data>}.
 */
public class Recorder implements SseListener {

  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  /** Lines that {@link #next(Predicate)} passed over: kept, so "nothing else came" checks see them. */
  private final List<String> skipped = new ArrayList<>();
  public final List<SseException> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
  public final List<ConnectionState> states = new java.util.concurrent.CopyOnWriteArrayList<>();
  public final List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();

  private void add(String line) {
    threads.add(Thread.currentThread().getName());
    lines.add(line);
  }

  @Override
  public void onOpen(Response response) {
    add("open");
  }

  @Override
  public void onEvent(SseEvent event) {
    add("event " + event.id() + " " + event.type() + " " + event.data());
  }

  @Override
  public void onComment(String comment) {
    add("comment " + comment);
  }

  @Override
  public void onHeartbeat(SseEvent heartbeat) {
    add("heartbeat");
  }

  @Override
  public void onGap(Gap gap) {
    add("gap " + gap.lastEventId() + " " + gap.oldestAvailableId());
  }

  @Override
  public void onStateChange(ConnectionState state) {
    states.add(state);
    add("state " + state);
  }

  @Override
  public void onPoisonEvent(SseEvent event, SseException lastError) {
    add("poison " + event.id() + " " + event.type() + " " + event.data());
  }

  @Override
  public void onError(SseException error) {
    errors.add(error);
    add("error " + error.getClass().getSimpleName());
  }

  /** The next line, whatever it is. */
  public String next() {
    return next(Duration.ofSeconds(10));
  }

  public String next(Duration timeout) {
    try {
      String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (line == null) {
        throw new AssertionError("no callback within " + timeout);
      }
      return line;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * The next line that matches. The lines passed over are not lost: {@link #drain()} returns them first, so a
   * later "nothing else arrived" check sees them; later waits read on after the matched line.
   */
  public String next(Predicate<String> wanted) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      String line = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (wanted.test(line)) {
        return line;
      }
      synchronized (skipped) {
        skipped.add(line);
      }
    }
    throw new AssertionError("no wanted callback within 15 s; passed over: " + skippedLines());
  }

  private List<String> skippedLines() {
    synchronized (skipped) {
      return new ArrayList<>(skipped);
    }
  }

  /** The next event line, skipping states, opens, errors, comments. */
  public String nextEvent() {
    return next(l -> l.startsWith("event "));
  }

  /** Waits for a state line that starts with the prefix, e.g. {@code "state CLOSED"}. */
  public String nextState(String prefix) {
    return next(l -> l.startsWith("state " + prefix));
  }

  /** Everything recorded and not yet taken, including what {@link #next(Predicate)} passed over, in order. */
  public List<String> drain() {
    List<String> out;
    synchronized (skipped) {
      out = new ArrayList<>(skipped);
      skipped.clear();
    }
    lines.drainTo(out);
    return out;
  }

  public void assertNoMoreEvents() {
    assertThat(drain()).noneMatch(l -> l.startsWith("event "));
  }
}
