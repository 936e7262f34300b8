package io.lumina.query.catalog;

import io.lumina.api.pricing.PriceOverride;
import io.lumina.pricing.ModelPrice;
import io.lumina.pricing.OverridePrices;
import io.lumina.pricing.TokenRates;
import java.math.BigDecimal;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The project's rows of {@code pricing_overrides} (V10). */
@Repository
class PricingRepository {
  private final JdbcClient jdbc;

  PricingRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The override as the pricing module applies it; null cache/reasoning prices fall back. */
  static OverridePrices.Override toOverride(String projectId, PriceOverride o) {
    return new OverridePrices.Override(
        projectId,
        o.modelPattern(),
        ModelPrice.of(
            TokenRates.perMillion(
                o.input(), o.output(), o.cacheRead(), o.cacheWrite(), o.reasoning())));
  }

  List<PriceOverride> list(String projectId) {
    return jdbc.sql(
            """
            SELECT model_pattern, input_per_1m, output_per_1m, cache_read_per_1m, cache_write_per_1m,
                   reasoning_per_1m, updated_at
            FROM pricing_overrides WHERE project_id = :project ORDER BY model_pattern""")
        .param("project", projectId)
        .query(
            (rs, i) ->
                new PriceOverride(
                    rs.getString(1),
                    strip(rs.getBigDecimal(2)),
                    strip(rs.getBigDecimal(3)),
                    strip(rs.getBigDecimal(4)),
                    strip(rs.getBigDecimal(5)),
                    strip(rs.getBigDecimal(6)),
                    rs.getTimestamp(7).toInstant()))
        .list();
  }

  /** The project's overrides, ready to match model names. */
  OverridePrices prices(String projectId) {
    return new OverridePrices(list(projectId).stream().map(o -> toOverride(projectId, o)).toList());
  }

  /**
   * Inserts or replaces the override of one pattern. The project row is created if missing: a
   * project known only from its API key must still be able to set prices (the table references
   * projects).
   */
  void upsert(String projectId, PriceOverride o) {
    jdbc.sql(
            "INSERT INTO projects (id, name) VALUES (:project, :project) ON CONFLICT (id) DO NOTHING")
        .param("project", projectId)
        .update();
    jdbc.sql(
            """
            INSERT INTO pricing_overrides (project_id, model_pattern, input_per_1m, output_per_1m,
                cache_read_per_1m, cache_write_per_1m, reasoning_per_1m, updated_at)
            VALUES (:project, :pattern, :input, :output, :cacheRead, :cacheWrite, :reasoning, now())
            ON CONFLICT (project_id, model_pattern) DO UPDATE SET
              input_per_1m = excluded.input_per_1m, output_per_1m = excluded.output_per_1m,
              cache_read_per_1m = excluded.cache_read_per_1m, cache_write_per_1m = excluded.cache_write_per_1m,
              reasoning_per_1m = excluded.reasoning_per_1m, updated_at = excluded.updated_at""")
        .param("project", projectId)
        .param("pattern", o.modelPattern())
        .param("input", o.input())
        .param("output", o.output())
        .param("cacheRead", o.cacheRead())
        .param("cacheWrite", o.cacheWrite())
        .param("reasoning", o.reasoning())
        .update();
  }

  boolean delete(String projectId, String modelPattern) {
    return jdbc.sql(
                "DELETE FROM pricing_overrides WHERE project_id = :project AND model_pattern = :pattern")
            .param("project", projectId)
            .param("pattern", modelPattern)
            .update()
        > 0;
  }

  private static BigDecimal strip(BigDecimal d) {
    return d == null ? null : d.stripTrailingZeros();
  }
}
