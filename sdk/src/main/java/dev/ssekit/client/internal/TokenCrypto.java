package dev.ssekit.client.internal;

import java.nio.charset.Charset;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import okio.ByteString;

/**
 * Encrypts tokens the seed hub's way: AES-256-GCM, key = SHA-256 of the passphrase, a random 12-byte nonce
 * before the ciphertext and tag, standard base64. Thread-safe.
 */
final class TokenCrypto {

  private static final Charset UTF_8 = Charset.forName("UTF-8");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  TokenCrypto(String passphrase) {
    if (passphrase == null || passphrase.isEmpty()) {
      throw new IllegalArgumentException("an encryption passphrase is required for AuthMode.ENCRYPTED");
    }
    try {
      key = new SecretKeySpec(MessageDigest.getInstance("SHA-256").digest(passphrase.getBytes(UTF_8)), "AES");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  String encrypt(String token) {
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      byte[] sealed = cipher.doFinal(token.getBytes(UTF_8));
      byte[] out = new byte[nonce.length + sealed.length];
      System.arraycopy(nonce, 0, out, 0, nonce.length);
      System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
      return ByteString.of(out).base64();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }
}
