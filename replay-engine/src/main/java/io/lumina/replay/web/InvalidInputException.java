package io.lumina.replay.web;

/** Bad input: answered 400 with the offending field named in the problem's {@code field} member. */
public final class InvalidInputException extends RuntimeException {
  private final String field;

  public InvalidInputException(String field, String message) {
    super(message, null, false, false);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
