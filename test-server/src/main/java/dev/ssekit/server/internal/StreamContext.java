package dev.ssekit.server.internal;

import java.util.function.ToLongFunction;

/**
 * What every stream needs, handed to it when it is created: the encoder, the shared journal of live
 * frames and how to find a message in it, the heartbeat period and where to report its end. Immutable; one per hub.
 */
final class StreamContext {

  /** Told by a stream's own thread as it ends; implemented by the registry of streams. */
  interface Events {
    /** The stream no longer counts as connected (it is ending). */
    void leaving(ClientStream stream);

    /** The stream's thread is done with it; its connection is closed or handed back to the server. */
    void ended(ClientStream stream);

    /** The stream found itself too far behind the journal. */
    void fellBehind(ClientStream stream);
  }

  final SseFrames frames;
  final Journal journal;
  /** The journal seq of a message id, or -1 if it is not one of this run's. */
  final ToLongFunction<String> seqOf;
  final long heartbeatNanos;
  final Events events;

  StreamContext(SseFrames frames, Journal journal, ToLongFunction<String> seqOf, long heartbeatNanos,
      Events events) {
    this.frames = frames;
    this.journal = journal;
    this.seqOf = seqOf;
    this.heartbeatNanos = heartbeatNanos;
    this.events = events;
  }
}
