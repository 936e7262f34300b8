package io.lumina.storage.analytics;

import java.math.BigDecimal;

/** What a model was used for in a range; {@code provider} null when the spans named none. */
public record ModelUsage(
    String model,
    String provider,
    long llmSpanCount,
    BigDecimal costUsd,
    long unpricedCount,
    long promptTokens,
    long completionTokens) {}
