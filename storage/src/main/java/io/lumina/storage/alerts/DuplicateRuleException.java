package io.lumina.storage.alerts;

/** The service already has a rule of this kind for this endpoint (one rule per kind). */
public final class DuplicateRuleException extends RuntimeException {
  public DuplicateRuleException(Throwable cause) {
    super("a rule of this kind already exists for this service and endpoint", cause);
  }
}
