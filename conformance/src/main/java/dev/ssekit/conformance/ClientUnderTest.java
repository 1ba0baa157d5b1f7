package dev.ssekit.conformance;

import java.net.URI;

/**
 * The client suite's view of a client: open a stream, report what it dispatches, close it. An adapter makes any
 * client (ours, or another library) testable by the same cases.
 */
public interface ClientUnderTest {

  /** What the client reports. Called on any thread. */
  interface Events {
    /** An event was dispatched: its id (the last event id at dispatch, or null), type and data. */
    void event(String id, String type, String data);

    /** The client stopped for good and will not reconnect. */
    void stopped(String why);
  }

  /** A connected client; closing it must stop every reconnect. */
  interface Session extends AutoCloseable {
    @Override
    void close();
  }

  /** Starts the client on this URL; it must reconnect by itself as its rules say. */
  Session open(URI url, Events events);
}
