package io.lumina.security;

/**
 * The key store (PostgreSQL) could not answer; callers refuse the request with 503 rather than
 * guess.
 */
public final class KeyStoreUnavailableException extends RuntimeException {
  public KeyStoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
