package dev.ssekit.conformance.internal.mutants;

/** Runs the client suite against each deliberately broken client. */
public final class ClientSelfTest {

  private ClientSelfTest() {}

  /** The kill matrix. */
  public static KillMatrix run() {
    return new KillMatrix("clients");
  }
}
