package dev.ssekit.server.internal.http;

import com.sun.net.httpserver.HttpExchange;
import dev.ssekit.server.Message;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/** Client ids and event ids as they arrive: one check for every endpoint (clause 7), and UTF-8 headers. */
final class Ids {

  static final int MAX_LENGTH = Message.MAX_ID_LENGTH;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  /** The id, if it is at most 256 characters with no CR, LF or NUL; else 400 naming {@code what}. */
  static String checked(String what, String id) {
    if (id.length() > MAX_LENGTH) {
      throw HttpError.badRequest(what + " is longer than " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c == '\r' || c == '\n' || c == '\0') {
        throw HttpError.badRequest(what + " must not contain CR, LF or NUL");
      }
    }
    return id;
  }

  /** A new hub-assigned client id: {@code c-} and 128 random bits in hex, so nobody can guess one. */
  static String newClientId() {
    byte[] bits = new byte[16];
    RANDOM.nextBytes(bits);
    StringBuilder sb = new StringBuilder("c-");
    for (byte b : bits) {
      sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return sb.toString();
  }

  /**
   * A request header decoded as UTF-8 (clause 7): the JDK server hands header values over as ISO-8859-1,
   * one char per byte, so the bytes are recovered and decoded again. Bytes that are not UTF-8 get 400.
   */
  static String utf8Header(HttpExchange ex, String name) {
    String raw = ex.getRequestHeaders().getFirst(name);
    if (raw == null) {
      return null;
    }
    boolean ascii = true;
    for (int i = 0; i < raw.length() && ascii; i++) {
      ascii = raw.charAt(i) < 0x80;
    }
    if (ascii) {
      return raw;
    }
    try {
      CharBuffer decoded = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw.getBytes(StandardCharsets.ISO_8859_1)));
      return decoded.toString();
    } catch (CharacterCodingException e) {
      throw HttpError.badRequest(name + " is not valid UTF-8");
    }
  }
}
