package dev.ssekit.client;

/**
 * The checks on what goes into request headers, made when a setting is given so that a bad value fails at
 * once with a clear message instead of later on an SDK thread. Messages name the header, never quote a value
 * (it may be a secret).
 */
final class HeaderValues {

  private HeaderValues() {}

  /** A name OkHttp accepts (printable ASCII, no space or colon) and a value it accepts (printable ASCII, tab). */
  static void checkHeader(String name, String value) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a header name must not be empty");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == ':') {
        throw new IllegalArgumentException("header name \"" + printable(name) + "\" has a character HTTP does not"
            + " allow at index " + i);
      }
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '\t' && (c < 0x20 || c >= 0x7f)) {
        throw new IllegalArgumentException("the value of header \"" + name + "\" has a character HTTP does not"
            + " allow at index " + i + " (only printable ASCII and tab)");
      }
    }
  }

  /** An id sent as UTF-8 ({@code Last-Event-ID}, {@code X-Client-ID}): anything but CR, LF and NUL. */
  static void checkId(String what, String value) {
    if (value == null) {
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == '\0') {
        throw new IllegalArgumentException(what + " must not contain CR, LF or NUL (index " + i + ")");
      }
    }
  }

  private static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      sb.append(c < 0x20 || c >= 0x7f ? '?' : c);
    }
    return sb.toString();
  }
}
