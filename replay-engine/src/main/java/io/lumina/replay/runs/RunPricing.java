package io.lumina.replay.runs;

import io.lumina.model.Cost;
import io.lumina.model.NormalizedSpan;
import io.lumina.model.TokenUsage;
import io.lumina.pricing.CostCalculator;
import io.lumina.pricing.PriceCatalog;
import io.lumina.storage.pricing.PriceOverrideStore;
import org.springframework.stereotype.Component;

/**
 * Prices replayed calls the way the worker prices production calls, so the cost comparison is like
 * for like: the project's price overrides (read once per run) over the bundled catalog, from the
 * usage the provider returned. A model neither knows is unpriced (null), never $0.
 */
@Component
class RunPricing {
  private final PriceOverrideStore overrides;
  private final PriceCatalog catalog;

  RunPricing(PriceOverrideStore overrides, PriceCatalog catalog) {
    this.overrides = overrides;
    this.catalog = catalog;
  }

  /** A calculator for one run of one project. */
  CostCalculator forProject(String projectId) {
    return new CostCalculator(catalog, overrides.prices(projectId));
  }

  /** The cost of one replayed call. */
  static Cost price(
      CostCalculator calculator,
      String projectId,
      String model,
      String provider,
      TokenUsage usage) {
    return calculator.price(projectId, NormalizedSpan.ofUsage(model, provider, usage));
  }
}
