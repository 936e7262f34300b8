package io.lumina.api.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** Latency of one group (and time bucket, when asked): percentiles in milliseconds. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LatencyGroup(
    String key,
    Instant time,
    long spanCount,
    double p50,
    double p95,
    double p99,
    double avg,
    double max) {}
