package dev.ssekit.server.internal.http;

import java.util.Map;

/** A request that must be answered with a JSON error body {@code {"code","message"}}. */
final class HttpError extends RuntimeException {

  final int status;
  final String code;
  final Map<String, String> headers;

  HttpError(int status, String code, String message) {
    this(status, code, message, Map.of());
  }

  HttpError(int status, String code, String message, Map<String, String> headers) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }

  static HttpError badRequest(String message) {
    return new HttpError(400, "BAD_REQUEST", message);
  }

  static HttpError notFound(String message) {
    return new HttpError(404, "NOT_FOUND", message);
  }

  static HttpError stopped() {
    return new HttpError(503, "SERVICE_UNAVAILABLE", "hub is stopped");
  }
}
