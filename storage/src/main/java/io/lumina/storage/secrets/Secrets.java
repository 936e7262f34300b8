package io.lumina.storage.secrets;

/**
 * What the stores use to keep secret columns encrypted: the configured key, or none. Without a key,
 * writing a secret is refused (it would otherwise be stored in clear) and reading one that is
 * encrypted fails; values written before encryption existed (clear) are still read, until the
 * start-up pass encrypts them ({@link SealedColumns}).
 */
public final class Secrets {
  private final SecretCipher cipher;

  private Secrets(SecretCipher cipher) {
    this.cipher = cipher;
  }

  /** Secrets under {@code cipher}, or without a key when it is null. */
  public static Secrets of(SecretCipher cipher) {
    return new Secrets(cipher);
  }

  public boolean hasKey() {
    return cipher != null;
  }

  /** The key, or null. */
  public SecretCipher cipher() {
    return cipher;
  }

  /** The value to store for {@code plain} in {@code column}; null stays null. */
  public String seal(String plain, String column) {
    if (plain == null) {
      return null;
    }
    if (cipher == null) {
      throw new SecretsUnavailableException(
          "notification channel URLs and secrets are stored encrypted, and no key is configured: "
              + "set LUMINA_SECRET_KEY (lumina.secrets.key, 32 bytes in base64; docs/security.md)");
    }
    return cipher.seal(plain, column);
  }

  /** The clear value of what is stored in {@code column}; a clear (legacy) value as it is. */
  public String open(String stored, String column) {
    if (stored == null || !SecretCipher.isSealed(stored)) {
      return stored;
    }
    if (cipher == null) {
      throw new SecretsUnavailableException(
          "a secret in "
              + column
              + " is encrypted and no key is configured: set LUMINA_SECRET_KEY (lumina.secrets.key)");
    }
    return cipher.open(stored, column);
  }
}
