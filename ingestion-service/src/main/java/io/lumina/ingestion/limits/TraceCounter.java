package io.lumina.ingestion.limits;

/**
 * A counter shared by every ingestion replica (the seam behind the daily trace limit).
 * Implementations must add atomically across replicas.
 */
public interface TraceCounter {

  /**
   * The count after an attempt to add; {@code added} is false when adding would have passed the
   * ceiling.
   */
  record Count(boolean added, long total) {}

  /**
   * Adds {@code delta} to the count under {@code key} unless the result would exceed {@code
   * ceiling} (a negative delta is always applied, never going below zero).
   *
   * @throws CounterUnavailableException when the shared store cannot be reached now
   */
  Count tryAdd(String key, long delta, long ceiling);

  final class CounterUnavailableException extends RuntimeException {
    public CounterUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
