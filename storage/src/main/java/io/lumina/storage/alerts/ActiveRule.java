package io.lumina.storage.alerts;

import io.lumina.api.alerts.AlertKind;
import java.time.Duration;
import java.time.Instant;

/** An enabled rule as the evaluator reads it. {@code endpoint} null: the whole service. */
public record ActiveRule(
    String id,
    String projectId,
    String serviceName,
    String endpoint,
    AlertKind kind,
    double threshold,
    Duration window,
    Integer minSamples,
    Instant updatedAt) {}
