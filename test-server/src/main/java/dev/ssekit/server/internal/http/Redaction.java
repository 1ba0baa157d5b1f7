package dev.ssekit.server.internal.http;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Makes a URL safe to log: the value of every {@code token} and {@code encrypted_token} parameter becomes
 * {@code REDACTED}. Names are compared after decoding, so {@code %74oken=…} is caught too.
 */
public final class Redaction {

  private Redaction() {}

  /** The path and query of a request URI with secrets replaced. */
  public static String redact(URI uri) {
    String query = uri.getRawQuery();
    return uri.getRawPath() + (query == null ? "" : "?" + redactQuery(query));
  }

  static String redactQuery(String rawQuery) {
    StringBuilder out = new StringBuilder(rawQuery.length());
    for (String pair : rawQuery.split("&", -1)) {
      if (out.length() > 0) {
        out.append('&');
      }
      int eq = pair.indexOf('=');
      String rawName = eq < 0 ? pair : pair.substring(0, eq);
      if (isSecret(rawName)) {
        out.append(rawName).append("=REDACTED");
      } else {
        out.append(pair);
      }
    }
    return out.toString();
  }

  private static boolean isSecret(String rawName) {
    String name;
    try {
      name = URLDecoder.decode(rawName, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return true; // undecodable: do not risk it
    }
    return name.equalsIgnoreCase("token") || name.equalsIgnoreCase("encrypted_token");
  }
}
