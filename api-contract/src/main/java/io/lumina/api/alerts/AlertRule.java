package io.lumina.api.alerts;

import java.time.Instant;

/** An alert rule as the API shows it. {@code endpoint} null: the whole service. */
public record AlertRule(
    String id,
    String service,
    String endpoint,
    AlertKind kind,
    double threshold,
    String window,
    Integer minSamples,
    boolean enabled,
    Instant createdAt,
    Instant updatedAt) {}
