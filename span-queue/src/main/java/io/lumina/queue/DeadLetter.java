package io.lumina.queue;

import java.time.Instant;

/**
 * A message the worker gave up on, kept apart from the span queue until an operator replays it.
 *
 * @param id the dead letter's id in its backend (the dead-letter stream's sequence, or the queue
 *     table's row id)
 * @param messageId the original message id (content hash of project and payload)
 * @param reason why the worker gave up, as the worker logged it
 * @param deliveries how often it had been delivered when it was given up on
 * @param deadAt when it was dead-lettered
 * @param payloadBytes size of the OTLP payload
 * @param payload the OTLP protobuf payload; null in listings
 */
public record DeadLetter(
    long id,
    String messageId,
    String projectId,
    long receivedAtMillis,
    String reason,
    long deliveries,
    Instant deadAt,
    int payloadBytes,
    byte[] payload) {

  /** The same dead letter without its payload, as listings show it. */
  public DeadLetter withoutPayload() {
    return new DeadLetter(
        id, messageId, projectId, receivedAtMillis, reason, deliveries, deadAt, payloadBytes, null);
  }
}
