package dev.ssekit.conformance.internal.mutants;

import dev.ssekit.conformance.ClientSuite;
import java.util.EnumSet;

/** Runs the client suite against each deliberately broken client, one after another. */
public final class ClientSelfTest {

  private ClientSelfTest() {}

  /** The kill matrix. */
  public static KillMatrix run() {
    KillMatrix matrix = new KillMatrix("clients");
    for (ClientMutants.ClientMutant m : ClientMutants.all()) {
      matrix.add(m.bug().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), m.what(), m.caseNumber(),
          new ClientSuite(new MiniClient(EnumSet.of(m.bug()))).run());
    }
    return matrix;
  }
}
