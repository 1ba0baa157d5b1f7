package dev.ssekit.conformance;

import dev.ssekit.conformance.internal.ClientCases;
import dev.ssekit.conformance.internal.ScriptedServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Plays scripted byte streams to a client and checks what it dispatches and what it sends on reconnect. Any
 * client can be checked through a {@link ClientUnderTest} adapter.
 */
public final class ClientSuite {

  private final ClientUnderTest client;

  public ClientSuite(ClientUnderTest client) {
    this.client = client;
  }

  public List<CheckResult> run() {
    List<CheckResult> results = new ArrayList<>();
    for (ClientCases.Case c : ClientCases.all()) {
      try {
        results.add(run(c));
      } catch (Exception | AssertionError e) {
        results.add(CheckResult.fail(c.number(), c.title(), "error: " + e));
      }
    }
    return results;
  }

  /**
   * The client stopped: it said so, or (for clients that cannot say, such as one behind a contract-test
   * service) it stayed quiet for a while after the whole script was served.
   */
  private static boolean awaitStop(CountDownLatch stopped, ScriptedServer server) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (stopped.await(50, TimeUnit.MILLISECONDS)) {
        return true;
      }
      if (server.quietAfterScript(TimeUnit.MILLISECONDS.toNanos(QUIET_AFTER_STOP_MILLIS))) {
        return true;
      }
    }
    return false;
  }

  /** How long a client that cannot report its stop must stay quiet after the script. */
  private static final long QUIET_AFTER_STOP_MILLIS = 700;

  private CheckResult run(ClientCases.Case c) throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    CountDownLatch stopped = new CountDownLatch(1);
    try (ScriptedServer server = new ScriptedServer(c.script());
        ClientUnderTest.Session session = client.open(server.url("/sse"), new ClientUnderTest.Events() {
          @Override
          public void event(String id, String type, String data) {
            events.add(id + "|" + type + "|" + data);
          }

          @Override
          public void stopped(String why) {
            stopped.countDown();
          }
        })) {
      boolean stoppedInTime = awaitStop(stopped, server);
      List<ScriptedServer.Request> requests = server.requests();
      String evidence = "dispatched " + events.toString().replace("\r", "\\r").replace("\n", "\\n") + ", "
          + requests.size() + " request(s)";
      if (!stoppedInTime) {
        return CheckResult.fail(c.number(), c.title(), "the client did not stop after the script; " + evidence);
      }
      if (!events.equals(c.events())) {
        return CheckResult.fail(c.number(), c.title(), "expected " + c.events() + "; " + evidence);
      }
      if (c.requests() != null && !c.requests().test(requests)) {
        return CheckResult.fail(c.number(), c.title(), "expected " + c.requestsRule() + "; " + evidence
            + (requests.size() > 1 ? ", second Last-Event-ID " + requests.get(1).header("Last-Event-ID") : ""));
      }
      return CheckResult.pass(c.number(), c.title(), evidence);
    }
  }
}
