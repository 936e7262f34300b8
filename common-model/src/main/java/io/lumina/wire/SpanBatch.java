package io.lumina.wire;

import java.util.Objects;

/**
 * One message on the span queue: the bytes of a validated OTLP {@code ExportTraceServiceRequest}
 * (only spans that passed validation), the project it belongs to and when ingestion received it.
 *
 * @param messageId content-derived id used by the queue to drop duplicates of a client retry
 */
public record SpanBatch(String projectId, long receivedAtMillis, byte[] payload, String messageId) {

  public SpanBatch {
    Objects.requireNonNull(projectId, "projectId");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(messageId, "messageId");
  }

  public static SpanBatch of(String projectId, long receivedAtMillis, byte[] payload) {
    return new SpanBatch(projectId, receivedAtMillis, payload, MessageIds.of(projectId, payload));
  }
}
