package io.lumina.worker.consume;

/** A message that can never be processed, however often it is delivered. */
public final class PoisonMessageException extends RuntimeException {
  PoisonMessageException(String message) {
    super(message);
  }
}
