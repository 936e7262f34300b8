package io.lumina.ingestion.ingest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The receiver's settings ({@code lumina.ingestion.*}, environment {@code LUMINA_INGESTION_*}).
 *
 * @param otlpPort second port serving the same endpoints, the OTLP default 4318 ({@code
 *     LUMINA_OTLP_PORT}); 0 picks a free port, -1 turns it off
 * @param grpcPort OTLP/gRPC port, the OTLP default 4317 ({@code LUMINA_OTLP_GRPC_PORT}); 0 picks a
 *     free port, -1 turns it off
 * @param maxBodySize request body limit, on the wire and again after decompression (413 beyond;
 *     over gRPC, the largest message)
 * @param maxSpansPerRequest spans in one request (413 beyond: a smaller batch will pass)
 * @param maxAttributesPerSpan attributes kept per span and per event; later ones are dropped and
 *     counted in {@code dropped_attributes_count}
 * @param maxAttributeValueLength characters kept of an attribute string value; longer ones are
 *     truncated
 * @param maxInFlightBytes memory held by requests in progress: bodies as they are read and
 *     decompressed, conversions and re-encodings, charged before they are allocated (503 beyond)
 * @param maxConcurrentRequests requests (HTTP and gRPC together) read and processed at once (503
 *     beyond)
 * @param retryAfter {@code Retry-After} of a 503
 * @param dailyTraceLimit traces per project and UTC day across all replicas, 0 = unlimited ({@code
 *     DAILY_TRACE_LIMIT})
 * @param limitBucket JetStream key-value bucket holding the daily counts, after {@code
 *     lumina.nats.prefix}
 * @param limitBucketTtl how long a day's count is kept (more than a day, so midnight races see it)
 */
@Validated
@ConfigurationProperties("lumina.ingestion")
public record IngestionProperties(
    @DefaultValue("4318") @Min(-1) @Max(65535) int otlpPort,
    @DefaultValue("4317") @Min(-1) @Max(65535) int grpcPort,
    @DefaultValue("16MB") @NotNull DataSize maxBodySize,
    @DefaultValue("65536") @Positive int maxSpansPerRequest,
    @DefaultValue("1024") @Positive int maxAttributesPerSpan,
    @DefaultValue("1048576") @Positive int maxAttributeValueLength,
    @DefaultValue("256MB") @NotNull DataSize maxInFlightBytes,
    @DefaultValue("128") @Positive int maxConcurrentRequests,
    @DefaultValue("5s") @NotNull Duration retryAfter,
    @DefaultValue("50000") @PositiveOrZero long dailyTraceLimit,
    @DefaultValue("LUMINA_DAILY_TRACES") @NotBlank String limitBucket,
    @DefaultValue("2d") @NotNull Duration limitBucketTtl) {}
