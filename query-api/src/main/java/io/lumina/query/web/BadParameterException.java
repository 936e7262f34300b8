package io.lumina.query.web;

/** A request parameter (or body field) is invalid: answered as 400 problem+json naming it. */
public final class BadParameterException extends RuntimeException {
  private final String parameter;

  public BadParameterException(String parameter, String message) {
    super(message);
    this.parameter = parameter;
  }

  public String parameter() {
    return parameter;
  }
}
