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

  /** More than zero: blocks wait in a queue of this many for the client, and are dropped when it is full. */
  default int dropWhenQueued() {
    return 0;
  }

  /** The identity: a correct hub behind a transparent proxy. */
  Mutation NONE = new Mutation() { };
}
