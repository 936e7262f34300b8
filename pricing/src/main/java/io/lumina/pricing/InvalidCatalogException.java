package io.lumina.pricing;

/**
 * The pricing catalog is unusable. Thrown at load so that a bad catalog stops the service at start.
 */
public final class InvalidCatalogException extends RuntimeException {
  public InvalidCatalogException(String message) {
    super(message);
  }

  public InvalidCatalogException(String message, Throwable cause) {
    super(message, cause);
  }
}
