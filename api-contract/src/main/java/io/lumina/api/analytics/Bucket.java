package io.lumina.api.analytics;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * Aggregated measures of one group (or of everything, or of one group in one time bucket). {@code
 * key} is the group (model, service, provider or user; null for totals and for time-only grouping);
 * {@code time} is the start of the time bucket when there is one. {@code costUsd} sums the priced
 * spans only; {@code unpricedCount} says how many LLM calls have no price, and {@code
 * unpricedReasons} how many of them for each reason ({@code no_tokens}, {@code unknown_model}...;
 * only reasons that occur, absent when none). Only LLM calls counted once count here: a span that
 * repeats the usage of the calls below it is no request, and has no tokens or cost of its own in a
 * total (docs/conventions.md).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Bucket(
    String key,
    Instant time,
    long spanCount,
    long llmSpanCount,
    long errorCount,
    BigDecimal costUsd,
    long unpricedCount,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Long> unpricedReasons,
    long promptTokens,
    long completionTokens,
    long cacheReadTokens,
    long cacheWriteTokens,
    long reasoningTokens,
    Double avgLatencyMs) {

  public Bucket {
    unpricedReasons = unpricedReasons == null ? Map.of() : unpricedReasons;
  }

  /** Errors per span, 0..1; null with no spans. Derived, so not part of the JSON. */
  @JsonIgnore
  public Double errorRate() {
    return spanCount == 0 ? null : (double) errorCount / spanCount;
  }
}
