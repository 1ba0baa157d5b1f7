package dev.ssekit.conformance.internal.mutants;

import dev.ssekit.conformance.internal.mutants.Exchange.Answer;
import dev.ssekit.conformance.internal.mutants.Exchange.Request;
import java.util.List;

/**
 * One realistic bug, written as changes a proxy makes to what passes between the suite and a correct hub. Every
 * hook defaults to passing things through unchanged. Hooks run on the proxy's connection threads, one per
 * request or stream.
 */
public interface Mutation {

  /** Answers the request here instead of forwarding it, or returns null to forward it. */
  default Answer intercept(Request request, ProxyState state) throws Exception {
    return null;
  }

  /** The request to forward. */
  default Request request(Request request, ProxyState state) throws Exception {
    return request;
  }

  /** The answer to give. */
  default Answer answer(Request request, Answer answer, ProxyState state) throws Exception {
    return answer;
  }

  /** The request that opens the upstream stream for this session. */
  default Request opening(StreamSession session, Request request, ProxyState state) throws Exception {
    return request;
  }

  /** The blocks to write for one upstream block. */
  default List<Block> block(StreamSession session, Block block, ProxyState state) throws Exception {
    return List.of(block);
  }

  /** A stream ended (the hub ended it or the client went away). */
  default void ended(StreamSession session, ProxyState state) throws Exception {
  }

  /** Whether to keep the client's stream open after the hub ended it (until the proxy closes, at most 10 s). */
  default boolean holdOpen(StreamSession session, ProxyState state) throws Exception {
    return false;
  }

  /** More than zero: blocks wait in a queue of this many for the client, and are dropped when it is full. */
  default int dropWhenQueued() {
    return 0;
  }

  /**
   * {@code inner} applied next to the hub, then {@code outer}: a local answer of the inner one still passes
   * through the outer one's {@link #answer}.
   */
  static Mutation compose(Mutation inner, Mutation outer) {
    return new Mutation() {
      @Override
      public Answer intercept(Request r, ProxyState s) throws Exception {
        Answer a = inner.intercept(r, s);
        return a != null ? outer.answer(r, a, s) : outer.intercept(r, s);
      }

      @Override
      public Request request(Request r, ProxyState s) throws Exception {
        return outer.request(inner.request(r, s), s);
      }

      @Override
      public Answer answer(Request r, Answer a, ProxyState s) throws Exception {
        return outer.answer(r, inner.answer(r, a, s), s);
      }

      @Override
      public Request opening(StreamSession st, Request r, ProxyState s) throws Exception {
        return outer.opening(st, inner.opening(st, r, s), s);
      }

      @Override
      public List<Block> block(StreamSession st, Block b, ProxyState s) throws Exception {
        List<Block> out = new java.util.ArrayList<>();
        for (Block x : inner.block(st, b, s)) {
          out.addAll(outer.block(st, x, s));
        }
        return out;
      }

      @Override
      public void ended(StreamSession st, ProxyState s) throws Exception {
        inner.ended(st, s);
        outer.ended(st, s);
      }

      @Override
      public boolean holdOpen(StreamSession st, ProxyState s) throws Exception {
        return inner.holdOpen(st, s) || outer.holdOpen(st, s);
      }

      @Override
      public int dropWhenQueued() {
        return Math.max(inner.dropWhenQueued(), outer.dropWhenQueued());
      }
    };
  }

  /** The identity: a correct hub behind a transparent proxy. */
  Mutation NONE = new Mutation() { };
}
