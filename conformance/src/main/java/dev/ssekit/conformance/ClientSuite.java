package dev.ssekit.conformance;

import dev.ssekit.conformance.internal.ClientCases;
import dev.ssekit.conformance.internal.ScriptedServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * Plays scripted byte streams to a client and checks what it dispatches, what it sends on reconnect and when.
 * Any client can be checked through a {@link ClientUnderTest} adapter. Splits are real: each chunk is read by
 * the client before the next is written. A case that does not stop the client ends when the client dispatches
 * the end-of-case event played after its script, so what came before it is all it dispatched. Stopping is judged
 * by counting requests over {@value ClientCases#STOP_WINDOW_MILLIS} ms after a response that must stop the
 * client, whose reconnection time the script set to 100 ms.
 */
public final class ClientSuite {

  /** The longest a case waits for the client to work through its script. */
  private static final long CASE_TIMEOUT_MILLIS = 10_000;
  /**
   * The data of the event that ends a case: after its script the server plays one more stream with only this
   * event (and {@code retry: 100}), so a case ends when the client dispatches it, having dispatched everything
   * before it, and not after a fixed wait for events that may still come.
   */
  static final String END_OF_CASE = "ssekit-end-of-case";

  private final ClientUnderTest client;

  public ClientSuite(ClientUnderTest client) {
    this.client = client;
  }

  /** Runs every case, one after another, on the calling thread. */
  public List<CheckResult> run() {
    return run((java.util.Set<Integer>) null);
  }

  /** Runs these cases only (all when null), one after another, on the calling thread. */
  public List<CheckResult> run(java.util.Set<Integer> cases) {
    List<CheckResult> results = new ArrayList<>();
    for (ClientCases.Case c : ClientCases.all()) {
      if (cases != null && !cases.contains(c.number())) {
        continue;
      }
      try {
        results.add(runCase(c));
      } catch (Exception | AssertionError e) {
        results.add(CheckResult.fail(c.number(), c.title(), "error: " + e));
      }
    }
    return results;
  }

  private static void await(BooleanSupplier condition, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  /** Where the end-of-case event is among the dispatched events, or -1. */
  private static int endedAt(List<String> events) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).endsWith("|message|" + END_OF_CASE)) {
        return i;
      }
    }
    return -1;
  }

  private CheckResult runCase(ClientCases.Case c) throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    List<Long> times = new CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicBoolean said = new java.util.concurrent.atomic.AtomicBoolean();
    long heldClosed = 0;
    List<ScriptedServer.Request> requests;
    boolean verified;
    List<ScriptedServer.Response> script = new ArrayList<>(c.script());
    if (!c.stops()) {
      script.add(ScriptedServer.Response.stream(List.of(("retry: 100\ndata: " + END_OF_CASE + "\n\n")
          .getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }
    boolean ended;
    try (ScriptedServer server = new ScriptedServer(script);
        ClientUnderTest.Session session = client.open(server.url("/sse"), new ClientUnderTest.Events() {
          @Override
          public void event(String id, String type, String data) {
            events.add((id == null || id.isEmpty() ? "null" : id) + "|" + type + "|" + data);
            times.add(System.nanoTime());
          }

          @Override
          public void stopped(String why) {
            said.set(true); // a hint to stop waiting; stopping itself is judged by the requests made
          }
        })) {
      if (c.whileOpen()) {
        await(() -> events.size() >= c.events().size(), ScriptedServer.HOLD_OPEN_MILLIS);
        server.release();
        await(() -> server.heldClosedNanos() != 0, 2000);
        heldClosed = server.heldClosedNanos();
      }
      if (c.stops()) {
        await(() -> server.requests().size() >= c.script().size(), CASE_TIMEOUT_MILLIS);
        Thread.sleep(ClientCases.STOP_WINDOW_MILLIS); // the window "stopped" is judged over
      } else {
        await(() -> endedAt(events) >= 0 || said.get(), CASE_TIMEOUT_MILLIS);
      }
      ended = c.stops() || endedAt(events) >= 0;
      requests = server.requests();
      verified = server.splitsVerified();
    }
    int end = endedAt(events);
    List<String> dispatched = end < 0 ? new ArrayList<>(events) : new ArrayList<>(events.subList(0, end));
    List<Long> delays = new ArrayList<>();
    requests.stream().skip(1).forEach(r -> delays.add(r.delayMillis()));
    String evidence = "dispatched " + dispatched.toString().replace("\r", "\\r").replace("\n", "\\n") + "; "
        + requests.size() + " request(s), reconnect delays " + delays + " ms; "
        + (verified ? "each chunk read before the next (/proc/net/tcp)" : "chunks paced 20 ms apart");
    if (!ended) {
      return CheckResult.fail(c.number(), c.title(), "the end-of-case event played after the script was not "
          + "dispatched within " + CASE_TIMEOUT_MILLIS + " ms; " + evidence);
    }
    if (!dispatched.equals(c.events())) {
      return CheckResult.fail(c.number(), c.title(), "expected " + c.events() + "; " + evidence);
    }
    if (c.whileOpen()) {
      long last = dispatched.isEmpty() ? Long.MAX_VALUE : times.get(dispatched.size() - 1);
      if (heldClosed == 0 || last > heldClosed) {
        return CheckResult.fail(c.number(), c.title(), "the last event came only after the server closed the "
            + "connection (it held it open up to " + ScriptedServer.HOLD_OPEN_MILLIS + " ms); " + evidence);
      }
    }
    if (c.requests() != null && !c.requests().test(requests)) {
      return CheckResult.fail(c.number(), c.title(), "expected " + c.requestsRule() + "; " + evidence
          + (requests.size() > 1 ? ", second Last-Event-ID " + requests.get(1).header("Last-Event-ID") : ""));
    }
    return CheckResult.pass(c.number(), c.title(), evidence);
  }
}
