package io.lumina.query.web;

/** The addressed resource does not exist in the caller's project: 404 problem+json. */
public final class NotFoundException extends RuntimeException {
  public NotFoundException(String message) {
    super(message);
  }
}
