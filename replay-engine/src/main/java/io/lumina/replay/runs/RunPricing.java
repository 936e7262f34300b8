package io.lumina.replay.runs;

import io.lumina.model.Cost;
import io.lumina.model.NormalizedSpan;
import io.lumina.model.SpanStatus;
import io.lumina.model.TokenUsage;
import io.lumina.pricing.CostCalculator;
import io.lumina.pricing.ModelPrice;
import io.lumina.pricing.OverridePrices;
import io.lumina.pricing.PriceCatalog;
import io.lumina.pricing.TokenRates;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Prices replayed calls the way the worker prices production calls, so the cost comparison is like
 * for like: the project's price overrides ({@code pricing_overrides}, read once per run) over the
 * bundled catalog, from the usage the provider returned. A model neither knows is unpriced (null),
 * never $0.
 */
@Component
class RunPricing {
  private final JdbcClient jdbc;
  private final PriceCatalog catalog;

  RunPricing(JdbcClient jdbc, PriceCatalog catalog) {
    this.jdbc = jdbc;
    this.catalog = catalog;
  }

  /** A calculator for one run of one project. */
  CostCalculator forProject(String projectId) {
    List<OverridePrices.Override> overrides =
        jdbc.sql(
                """
            SELECT model_pattern, input_per_1m, output_per_1m, cache_read_per_1m, cache_write_per_1m, reasoning_per_1m
            FROM pricing_overrides WHERE project_id = ?""")
            .param(projectId)
            .query(
                (rs, n) ->
                    new OverridePrices.Override(
                        projectId,
                        rs.getString("model_pattern"),
                        ModelPrice.of(
                            TokenRates.perMillion(
                                rs.getBigDecimal("input_per_1m"),
                                rs.getBigDecimal("output_per_1m"),
                                rs.getBigDecimal("cache_read_per_1m"),
                                rs.getBigDecimal("cache_write_per_1m"),
                                rs.getBigDecimal("reasoning_per_1m")))))
            .list();
    return new CostCalculator(catalog, new OverridePrices(overrides));
  }

  /** The cost of one replayed call. */
  static Cost price(
      CostCalculator calculator,
      String projectId,
      String model,
      String provider,
      TokenUsage usage) {
    NormalizedSpan span =
        new NormalizedSpan(
            model,
            provider,
            usage,
            null,
            null,
            null,
            null,
            null,
            null,
            SpanStatus.OK,
            null,
            null,
            null,
            null,
            null);
    return calculator.price(projectId, span);
  }
}
