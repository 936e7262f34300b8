package io.lumina.sdk;

import io.lumina.model.NormalizedSpan;
import io.lumina.model.Projects;
import io.lumina.model.SpanStatus;
import io.lumina.model.TokenUsage;
import io.lumina.pricing.CostCalculator;
import io.opentelemetry.api.common.Attributes;
import java.math.BigDecimal;

/**
 * The cost of one span as Lumina's worker will price it: the same {@link CostCalculator}, the same
 * bundled catalog, the span's own cost or per-token prices first. Reads only the keys the SDK
 * writes ({@link SpanAttributes}). Project overrides live on the server and are not applied.
 */
final class CostEstimator {

  private final CostCalculator calculator = CostCalculator.withBundledCatalog();

  /** The cost in USD, or null when the span is not a priceable LLM call. */
  BigDecimal costUsd(Attributes a) {
    String model = a.get(SpanAttributes.RESPONSE_MODEL);
    if (model == null) {
      model = a.get(SpanAttributes.REQUEST_MODEL);
    }
    try {
      TokenUsage tokens =
          new TokenUsage(
              a.get(SpanAttributes.INPUT_TOKENS),
              a.get(SpanAttributes.OUTPUT_TOKENS),
              null,
              a.get(SpanAttributes.CACHE_READ_TOKENS),
              a.get(SpanAttributes.CACHE_WRITE_TOKENS),
              a.get(SpanAttributes.REASONING_TOKENS));
      NormalizedSpan span =
          new NormalizedSpan(
              model,
              a.get(SpanAttributes.PROVIDER_NAME),
              tokens,
              null,
              null,
              null,
              null,
              a.get(SpanAttributes.USER_ID),
              a.get(SpanAttributes.SESSION_ID),
              SpanStatus.OK,
              a.get(SpanAttributes.COST_USD),
              a.get(SpanAttributes.PROMPT_TOKEN_PRICE),
              a.get(SpanAttributes.COMPLETION_TOKEN_PRICE),
              null,
              null);
      return calculator.price(Projects.DEFAULT_PROJECT, span).usd();
    } catch (IllegalArgumentException e) {
      return null; // a negative count set by hand: the server will not price it either
    }
  }
}
