package io.lumina.storage.secrets;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code lumina.secrets.*}.
 *
 * @param key {@code LUMINA_SECRET_KEY}: 32 random bytes in base64 (44 characters) under which
 *     channel URLs and secrets are encrypted at rest; empty: none (channels with a URL or secret
 *     cannot be saved, and a database that already holds encrypted values refuses the start)
 */
@ConfigurationProperties("lumina.secrets")
public record SecretsProperties(String key) {
  public SecretsProperties {
    if (key != null && !key.isBlank()) {
      try {
        SecretCipher.fromBase64(key);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "lumina.secrets.key (LUMINA_SECRET_KEY) must be 32 bytes in base64: " + e.getMessage());
      }
    }
  }

  /** The configured key, or null. */
  public SecretCipher cipher() {
    return key == null || key.isBlank() ? null : SecretCipher.fromBase64(key);
  }

  @Override
  public String toString() {
    return "SecretsProperties[key=" + (key == null || key.isBlank() ? "none" : "***") + "]";
  }
}
