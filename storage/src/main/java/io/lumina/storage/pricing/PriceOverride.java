package io.lumina.storage.pricing;

import io.lumina.pricing.ModelPrice;
import io.lumina.pricing.OverridePrices;
import io.lumina.pricing.TokenRates;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One project's price for a model pattern (a row of {@code pricing_overrides}): USD per 1M tokens;
 * null cache and reasoning prices fall back as in the catalog.
 *
 * @param updatedAt when it was last set; null for one not stored yet
 */
public record PriceOverride(
    String modelPattern,
    BigDecimal input,
    BigDecimal output,
    BigDecimal cacheRead,
    BigDecimal cacheWrite,
    BigDecimal reasoning,
    Instant updatedAt) {

  /** The override as the pricing engine matches it. */
  public OverridePrices.Override toOverride(String projectId) {
    return new OverridePrices.Override(
        projectId,
        modelPattern,
        ModelPrice.of(TokenRates.perMillion(input, output, cacheRead, cacheWrite, reasoning)));
  }
}
