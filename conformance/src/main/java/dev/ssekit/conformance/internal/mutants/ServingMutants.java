package dev.ssekit.conformance.internal.mutants;

import dev.ssekit.conformance.internal.mutants.Exchange.Answer;
import dev.ssekit.conformance.internal.mutants.Exchange.Request;
import java.util.List;

/**
 * Broken hubs for clause 18's "never delays delivery to anyone else" and clause 22's {@code HEAD} request: each
 * must fail its check.
 */
final class ServingMutants {

  private ServingMutants() {}

  static List<ServerMutant> all() {
    return List.of(
        new ServerMutant("one-lock-for-all-writes", 18, "writes to every stream under one lock, so a client that "
            + "does not read holds up delivery to all the others", false, ServingMutants::oneLockForAllWrites),
        new ServerMutant("head-always-200", 22, "answers every HEAD 200, as a catch-all HEAD route does, even "
            + "where GET is 404", false,
            () -> new Mutation() {
              @Override
              public Answer intercept(Request r, ProxyState s) {
                return r.method().equals("HEAD") ? Answer.json(200, "{}") : null;
              }
            }),
        new ServerMutant("head-without-headers", 22, "answers HEAD with the status but none of its headers "
            + "(no Content-Type, no Allow)", false,
            () -> new Mutation() {
              @Override
              public Answer answer(Request r, Answer a, ProxyState s) {
                return r.method().equals("HEAD") ? a.withHeader("content-type", null).withHeader("allow", null) : a;
              }
            }));
  }

  private static Mutation oneLockForAllWrites() {
    Object lock = new Object();
    return new Mutation() {
      @Override
      public List<Block> block(StreamSession st, Block b, ProxyState s) throws Exception {
        synchronized (lock) {
          st.write(b);
        }
        return List.of();
      }
    };
  }
}
