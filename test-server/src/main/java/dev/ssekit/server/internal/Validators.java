package dev.ssekit.server.internal;

import dev.ssekit.server.CryptoManager;
import dev.ssekit.server.EncryptedTokenValidator;
import dev.ssekit.server.HubConfig;
import dev.ssekit.server.TokenValidator;

/** The validators in force; each may be replaced at run time and applies to later requests (clause 2). */
public final class Validators {

  private volatile TokenValidator tokenValidator;
  private volatile EncryptedTokenValidator encryptedTokenValidator;
  private volatile CryptoManager cryptoManager;

  Validators(HubConfig config) {
    this.tokenValidator = config.tokenValidator();
    this.encryptedTokenValidator = config.encryptedTokenValidator();
    this.cryptoManager = config.cryptoManager();
  }

  /** The plain token validator, or null. */
  public TokenValidator tokenValidator() {
    return tokenValidator;
  }

  /** The encrypted-token validator, or null. */
  public EncryptedTokenValidator encryptedTokenValidator() {
    return encryptedTokenValidator;
  }

  /** The crypto manager for encrypted tokens, or null. */
  public CryptoManager cryptoManager() {
    return cryptoManager;
  }

  void tokenValidator(TokenValidator validator) {
    this.tokenValidator = validator;
  }

  void encryptedTokenValidator(EncryptedTokenValidator validator) {
    this.encryptedTokenValidator = validator;
  }

  void cryptoManager(CryptoManager manager) {
    this.cryptoManager = manager;
  }
}
