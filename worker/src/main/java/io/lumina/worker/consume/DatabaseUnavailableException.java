package io.lumina.worker.consume;

/**
 * PostgreSQL failed while a message was being decoded (prices, quality baselines): the message is
 * fine, so it is given back to the queue and the consumers pause, as for a failed write.
 */
public class DatabaseUnavailableException extends RuntimeException {
  public DatabaseUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
