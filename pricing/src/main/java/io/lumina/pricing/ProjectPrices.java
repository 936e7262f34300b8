package io.lumina.pricing;

import java.util.Optional;

/**
 * Prices a project set for its models through the API (table {@code pricing_overrides}). The worker
 * implements it over JDBC, typically by loading the rows into {@link OverridePrices}, which does
 * the pattern matching and caching. Implementations must be thread-safe and fast: this is asked for
 * every LLM span that did not bring its own cost or prices.
 */
@FunctionalInterface
public interface ProjectPrices {

  /** The project's price for this model name as the span reported it, if the project set one. */
  Optional<ModelPrice> find(String projectId, String model);

  /** No project overrides at all. */
  static ProjectPrices none() {
    return (projectId, model) -> Optional.empty();
  }
}
