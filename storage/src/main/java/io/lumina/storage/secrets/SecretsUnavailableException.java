package io.lumina.storage.secrets;

/**
 * A secret cannot be sealed or opened: no key is configured, or the stored value was sealed with
 * another key. The message names the setting to fix, never a secret.
 */
public final class SecretsUnavailableException extends RuntimeException {
  public SecretsUnavailableException(String message) {
    super(message);
  }

  public SecretsUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
