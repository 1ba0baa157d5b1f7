package dev.ssekit.server.internal.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A path segment decoded as RFC 3986 says: {@code %XX} escapes are UTF-8 bytes, everything else stands for
 * itself, so a {@code +} stays a {@code +} (form decoding, which turns it into a space, is for query strings
 * only). A malformed escape or bytes that are not UTF-8 get 400.
 */
final class PathSegment {

  private PathSegment() {}

  /** The decoded segment; {@code what} names it in the 400 answer. */
  static String decode(String what, String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '%') {
        if (c < 0x100) {
          bytes.write(c); // the JDK server reads the request line one char per byte
        } else {
          byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
          bytes.write(utf8, 0, utf8.length);
        }
        continue;
      }
      int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
      int lo = hi >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
      if (lo < 0) {
        throw HttpError.badRequest("malformed percent-escape in the " + what);
      }
      bytes.write((hi << 4) | lo);
      i += 2;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw HttpError.badRequest("the " + what + " is not valid UTF-8");
    }
  }
}
