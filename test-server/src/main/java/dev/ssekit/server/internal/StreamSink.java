package dev.ssekit.server.internal;

import java.io.IOException;

/** Where a stream's bytes go: the HTTP response body. Used only by the stream's own thread. */
public interface StreamSink {

  void write(byte[] bytes, int offset, int length) throws IOException;

  void flush() throws IOException;

  /**
   * Ends the response. A graceful end finishes the HTTP body; an abrupt one drops the connection (the
   * calling thread is interrupted, which closes the socket even when a write is stuck).
   */
  void close();
}
