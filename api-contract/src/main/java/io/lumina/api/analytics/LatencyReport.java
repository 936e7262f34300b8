package io.lumina.api.analytics;

import java.time.Instant;
import java.util.List;

/** {@code GET /api/analytics/latency}: percentiles in milliseconds per group (and time bucket). */
public record LatencyReport(
    Instant from, Instant to, String groupBy, String interval, List<LatencyGroup> groups) {}
