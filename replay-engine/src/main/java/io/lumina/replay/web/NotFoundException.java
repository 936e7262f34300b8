package io.lumina.replay.web;

/** An id that does not exist in the caller's project: answered 404. */
public final class NotFoundException extends RuntimeException {
  public NotFoundException(String message) {
    super(message, null, false, false);
  }
}
