package io.lumina.api.queue;

import java.time.Instant;

/**
 * One dead letter.
 *
 * @param id its id for {@code show} and {@code replay}
 * @param messageId the original message id
 * @param receivedAt when ingestion accepted the request
 * @param reason why the worker gave up
 * @param deliveries how often it had been delivered then
 * @param deadAt when it was dead-lettered
 * @param payloadBytes size of the OTLP protobuf payload
 * @param spans spans in the payload when it is readable OTLP, null otherwise (only when shown)
 * @param payloadBase64 the payload (only when shown)
 */
public record DeadLetterView(
    long id,
    String messageId,
    String projectId,
    Instant receivedAt,
    String reason,
    long deliveries,
    Instant deadAt,
    int payloadBytes,
    Integer spans,
    String payloadBase64) {}
