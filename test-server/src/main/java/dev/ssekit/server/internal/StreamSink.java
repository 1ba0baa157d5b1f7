package dev.ssekit.server.internal;

import java.io.IOException;

/** Where a stream's bytes go: the HTTP response body. Used only by the stream's own thread. */
public interface StreamSink {

  void write(byte[] bytes, int offset, int length) throws IOException;

  void flush() throws IOException;

  /**
   * Ends the response gracefully (the HTTP body's last chunk), so the server takes the connection back.
   *
   * @throws IOException if the connection broke; the caller then lets the server drop the connection
   */
  void finish() throws IOException;
}
