package dev.ssekit.server.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Principal names the hub makes itself. */
public final class Principals {

  /** Everyone, on a hub without a validator: one principal, so any caller may use any client id. */
  public static final String ANONYMOUS = "anonymous";

  private Principals() {}

  /**
   * The principal of a token that has no other name: {@code token-} and the hex of the first 16 bytes of its
   * SHA-256 digest. Distinct tokens get distinct principals; the token cannot be read back from it.
   */
  public static String ofToken(String token) {
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    StringBuilder sb = new StringBuilder("token-");
    for (int i = 0; i < 16; i++) {
      sb.append(Character.forDigit((digest[i] >> 4) & 0xf, 16)).append(Character.forDigit(digest[i] & 0xf, 16));
    }
    return sb.toString();
  }
}
