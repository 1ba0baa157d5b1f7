package dev.ssekit.conformance.internal.mutants;

import dev.ssekit.conformance.CheckResult;
import dev.ssekit.conformance.ClientSuite;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs each deliberately broken client on the case about its mistake, four at a time (each has its own scripted
 * server and client, so they do not interfere).
 */
public final class ClientSelfTest {

  private ClientSelfTest() {}

  /** The kill matrix, in the order of {@link ClientMutants#all()}. */
  public static KillMatrix run() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "client-self-test");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<List<CheckResult>>> runs = new ArrayList<>();
      for (ClientMutants.ClientMutant m : ClientMutants.all()) {
        runs.add(pool.submit(() -> new ClientSuite(new MiniClient(EnumSet.of(m.bug()))).run(Set.of(m.caseNumber()))));
      }
      KillMatrix matrix = new KillMatrix("clients");
      for (int i = 0; i < runs.size(); i++) {
        ClientMutants.ClientMutant m = ClientMutants.all().get(i);
        matrix.add(m.bug().name().toLowerCase(Locale.ROOT).replace('_', '-'), m.what(), m.caseNumber(),
            runs.get(i).get(2, TimeUnit.MINUTES));
      }
      return matrix;
    } finally {
      pool.shutdownNow();
    }
  }
}
