package io.lumina.worker.alerts;

import java.time.Duration;
import java.time.Instant;

/** An enabled rule as the evaluator reads it. {@code endpoint} null: the whole service. */
record AlertRule(
    String id,
    String projectId,
    String serviceName,
    String endpoint,
    RuleKind kind,
    double threshold,
    Duration window,
    Integer minSamples,
    Instant updatedAt) {}
