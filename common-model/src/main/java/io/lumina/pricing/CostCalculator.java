package io.lumina.pricing;

import io.lumina.model.Cost;
import io.lumina.model.NormalizedSpan;
import io.lumina.model.PricingSource;
import java.math.BigDecimal;

/** Prices one normalized span. Thread-safe. */
public final class CostCalculator {

  public Cost price(String projectId, NormalizedSpan span) {
    if (!span.isLlmCall()) {
      return Cost.NOT_AN_LLM_CALL;
    }
    if (span.declaredCostUsd() != null) {
      return new Cost(BigDecimal.valueOf(span.declaredCostUsd()), PricingSource.SPAN, null);
    }
    return Cost.unpriced();
  }
}
