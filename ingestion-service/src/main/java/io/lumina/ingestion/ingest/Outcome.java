package io.lumina.ingestion.ingest;

/** What became of an export request: accepted (perhaps partly), or refused as a whole for now. */
public sealed interface Outcome {

  /**
   * The accepted spans are durably queued.
   *
   * @param message what was wrong with the rejected or trimmed spans, or null when nothing was
   */
  record Accepted(int acceptedSpans, int rejectedSpans, String message) implements Outcome {}

  /**
   * Nothing was kept; the client should retry after {@code retryAfterSeconds} (HTTP 429 or 503).
   */
  record Refused(int httpStatus, String message, long retryAfterSeconds) implements Outcome {}
}
