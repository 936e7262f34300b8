package io.lumina.storage.alerts;

/** What the evaluator found when a rule fired, written on the alert. */
public record Measurement(
    String endpoint,
    double baseline,
    double current,
    Double changePct,
    long currentSamples,
    long baselineSamples,
    String title,
    String summary) {}
