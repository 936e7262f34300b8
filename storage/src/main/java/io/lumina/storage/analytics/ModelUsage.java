package io.lumina.storage.analytics;

import java.math.BigDecimal;
import java.util.Map;

/**
 * What a model was used for in a range, counting each LLM call once; {@code provider} null when the
 * spans named none; {@code unpricedReasons} the unpriced calls by reason wire name.
 */
public record ModelUsage(
    String model,
    String provider,
    long llmSpanCount,
    BigDecimal costUsd,
    long unpricedCount,
    Map<String, Long> unpricedReasons,
    long promptTokens,
    long completionTokens) {}
