package io.lumina.queue;

/** The queue could not durably take a message now; the client should retry later (HTTP 503). */
public final class QueueUnavailableException extends RuntimeException {
  public QueueUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
