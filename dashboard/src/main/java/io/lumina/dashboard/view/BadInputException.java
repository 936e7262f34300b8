package io.lumina.dashboard.view;

/** A request the dashboard refuses before asking a backend (a malformed id, say): a 400 page. */
public final class BadInputException extends RuntimeException {
  public BadInputException(String message) {
    super(message);
  }
}
