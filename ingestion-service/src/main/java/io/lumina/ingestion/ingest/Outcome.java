package io.lumina.ingestion.ingest;

import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

/** What became of an export request: accepted (perhaps partly), or refused as a whole for now. */
public sealed interface Outcome {

  /**
   * The accepted spans are durably queued.
   *
   * @param message what was wrong with the rejected or trimmed spans, or null when nothing was
   */
  record Accepted(int acceptedSpans, int rejectedSpans, String message) implements Outcome {

    /** The OTLP answer: {@code partial_success} only when something was rejected or trimmed. */
    public ExportTraceServiceResponse response() {
      ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
      if (message != null) {
        response.setPartialSuccess(
            ExportTracePartialSuccess.newBuilder()
                .setRejectedSpans(rejectedSpans)
                .setErrorMessage(message));
      }
      return response.build();
    }
  }

  /**
   * Nothing was kept; the client should retry after {@code retryAfterSeconds} (HTTP 429 or 503).
   */
  record Refused(int httpStatus, String message, long retryAfterSeconds) implements Outcome {}
}
