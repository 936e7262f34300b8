package io.lumina.storage.alerts;

import io.lumina.api.alerts.AlertKind;

/**
 * A validated rule to create, or the new state of one. {@code endpoint} null: the whole service;
 * {@code minSamples} null: the evaluator's default.
 */
public record RuleDefinition(
    String service,
    String endpoint,
    AlertKind kind,
    double threshold,
    int windowSeconds,
    Integer minSamples,
    boolean enabled) {}
