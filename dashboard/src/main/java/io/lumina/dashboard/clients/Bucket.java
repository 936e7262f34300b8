package io.lumina.dashboard.clients;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Aggregated measures of one group and/or time bucket ({@code /api/analytics/cost}). {@code
 * costUsd} sums priced spans only; {@code unpricedCount} counts LLM calls without a price.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Bucket(
    String key,
    Instant time,
    long spanCount,
    long llmSpanCount,
    long errorCount,
    BigDecimal costUsd,
    long unpricedCount,
    long promptTokens,
    long completionTokens,
    long cacheReadTokens,
    long cacheWriteTokens,
    long reasoningTokens,
    Double avgLatencyMs) {

  public BigDecimal cost() {
    return costUsd == null ? BigDecimal.ZERO : costUsd;
  }

  /** Errors per span, 0..1; null with no spans. */
  public Double errorRate() {
    return spanCount == 0 ? null : (double) errorCount / spanCount;
  }
}
