package dev.ssekit.client.internal;

import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The request of every connection attempt: the same method, body and headers each time, plus
 * {@code Last-Event-ID}, {@code X-Client-ID} and the credentials of the moment. Immutable.
 */
final class StreamRequest {

  private final HttpUrl url;
  private final String method;
  private final RequestBody body;
  private final Headers headers;
  private final Credentials credentials;

  StreamRequest(HttpUrl url, String method, RequestBody body, Headers headers, Credentials credentials) {
    this.url = url;
    this.method = method;
    this.body = body;
    this.headers = headers;
    this.credentials = credentials;
  }

  HttpUrl url() {
    return url;
  }

  /**
   * The request for one attempt. {@code Last-Event-ID} and {@code X-Client-ID} go out as UTF-8, as browsers
   * send them; a value that could split the header (CR, LF, NUL), or an id longer than {@link #MAX_ID_BYTES},
   * is not sent.
   *
   * @throws dev.ssekit.client.SseConnectionException if the token provider failed
   */
  Request build(String lastEventId, String clientId, boolean freshToken) {
    Request.Builder request = new Request.Builder().method(method, body);
    Headers.Builder all = headers.newBuilder();
    all.set("Accept", "text/event-stream").set("Cache-Control", "no-cache");
    if (clientId != null && isSafeValue(clientId)) {
      all.removeAll("X-Client-ID").addUnsafeNonAscii("X-Client-ID", clientId);
    }
    all.removeAll("Last-Event-ID");
    if (lastEventId != null && !lastEventId.isEmpty() && isSendableId(lastEventId)) {
      all.addUnsafeNonAscii("Last-Event-ID", lastEventId);
    }
    request.headers(all.build());
    credentials.apply(request, url, freshToken);
    return request.build();
  }

  /**
   * The longest id sent back as {@code Last-Event-ID}, in UTF-8 bytes: servers commonly refuse request heads
   * over 8 KiB, so a longer id would make every reconnect fail.
   */
  static final int MAX_ID_BYTES = 1024;

  /** Whether an id can go back as {@code Last-Event-ID}: no CR, LF or NUL, at most {@link #MAX_ID_BYTES}. */
  static boolean isSendableId(String id) {
    if (id.length() > MAX_ID_BYTES || !isSafeValue(id)) {
      return false;
    }
    int bytes = 0;
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
    }
    return bytes <= MAX_ID_BYTES;
  }

  /** Whether a value can go in a header without splitting it: no CR, LF or NUL. */
  static boolean isSafeValue(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == '\0') {
        return false;
      }
    }
    return true;
  }
}
