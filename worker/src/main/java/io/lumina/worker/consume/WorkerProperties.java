package io.lumina.worker.consume;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the worker consumes ({@code lumina.worker.*}; environment {@code
 * LUMINA_WORKER_BATCH_SIZE}...).
 *
 * @param durableName the JetStream durable consumer every replica shares, after {@code
 *     lumina.nats.prefix}
 * @param batchSize most messages asked for in one fetch; what one transaction commits is bounded by
 *     {@link BatchProperties} (spans and bytes), several fetches filling one batch
 * @param fetchWait how long one fetch waits for messages
 * @param ackWait how long a delivered message may stay unacknowledged before JetStream redelivers
 *     it (to any replica): the longest a killed worker's batch waits
 * @param maxDeliveries content failures after which a message goes to the dead letters, counted by
 *     the worker (span_message_failures), not by the queue's delivery count: database outages,
 *     price lookups retried and ack waits expired meanwhile never count
 * @param consumers consuming threads in this replica
 * @param retryBackoff delay before a message that failed for its content is delivered again, and
 *     the first pause when PostgreSQL is unavailable
 * @param maxBackoff longest pause between PostgreSQL probes while it stays unavailable
 * @param lagInterval how often the consumer lag is read from JetStream for the metric
 * @param pipeline each consuming thread decodes, prices and scores the next batch while a writing
 *     thread of its own writes the current one (one batch ahead, so up to two batches in memory per
 *     consumer); false decodes and writes in turn
 */
@Validated
@ConfigurationProperties("lumina.worker")
public record WorkerProperties(
    @DefaultValue("lumina-worker") @NotBlank String durableName,
    @DefaultValue("200") @Min(1) @Max(10000) int batchSize,
    @DefaultValue("500ms") @NotNull Duration fetchWait,
    @DefaultValue("30s") @NotNull Duration ackWait,
    @DefaultValue("5") @Min(1) int maxDeliveries,
    @DefaultValue("1") @Min(1) @Max(64) int consumers,
    @DefaultValue("2s") @NotNull Duration retryBackoff,
    @DefaultValue("30s") @NotNull Duration maxBackoff,
    @DefaultValue("5s") @NotNull Duration lagInterval,
    @DefaultValue("true") boolean pipeline) {}
