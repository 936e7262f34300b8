package io.lumina.storage.pricing;

import io.lumina.api.pricing.PriceOverride;
import io.lumina.pricing.ModelPrice;
import io.lumina.pricing.OverridePrices;
import io.lumina.pricing.TokenRates;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link PriceOverrideStore} on table {@code pricing_overrides} (V10), with its one row mapper. */
public final class JdbcPriceOverrideStore implements PriceOverrideStore {
  private static final Logger log = LoggerFactory.getLogger(JdbcPriceOverrideStore.class);

  private static final String SELECT =
      """
      SELECT project_id, model_pattern, input_per_1m, output_per_1m, cache_read_per_1m,
             cache_write_per_1m, reasoning_per_1m, updated_at
      FROM pricing_overrides""";

  private final JdbcClient jdbc;

  public JdbcPriceOverrideStore(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
  }

  /** A row with the project it belongs to. */
  private record Row(String projectId, PriceOverride override) {}

  @Override
  public List<PriceOverride> list(String projectId) {
    return rowsOf(projectId).stream().map(Row::override).toList();
  }

  @Override
  public OverridePrices prices(String projectId) {
    return prices(rowsOf(projectId));
  }

  @Override
  public OverridePrices allProjects() {
    return prices(jdbc.sql(SELECT).query(JdbcPriceOverrideStore::row).list());
  }

  /**
   * The project row is created if missing: a project known only from its API key must still be able
   * to set prices (the table references projects).
   */
  @Override
  public void put(String projectId, PriceOverride o) {
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

  @Override
  public boolean delete(String projectId, String modelPattern) {
    return jdbc.sql(
                "DELETE FROM pricing_overrides WHERE project_id = :project AND model_pattern = :pattern")
            .param("project", projectId)
            .param("pattern", modelPattern)
            .update()
        > 0;
  }

  private List<Row> rowsOf(String projectId) {
    return jdbc.sql(SELECT + " WHERE project_id = :project ORDER BY model_pattern")
        .param("project", projectId)
        .query(JdbcPriceOverrideStore::row)
        .list();
  }

  private static Row row(ResultSet rs, int rowNum) throws SQLException {
    return new Row(
        rs.getString("project_id"),
        new PriceOverride(
            rs.getString("model_pattern"),
            strip(rs.getBigDecimal("input_per_1m")),
            strip(rs.getBigDecimal("output_per_1m")),
            strip(rs.getBigDecimal("cache_read_per_1m")),
            strip(rs.getBigDecimal("cache_write_per_1m")),
            strip(rs.getBigDecimal("reasoning_per_1m")),
            rs.getTimestamp("updated_at").toInstant()));
  }

  /** Rows whose pattern no longer compiles (or whose prices fail validation) are skipped. */
  private static OverridePrices prices(List<Row> rows) {
    List<OverridePrices.Override> valid = new ArrayList<>(rows.size());
    for (Row row : rows) {
      try {
        OverridePrices.compile(row.override().modelPattern());
        valid.add(toOverride(row.projectId(), row.override()));
      } catch (IllegalArgumentException e) {
        log.warn(
            "skipping price override {} of project {}: {}",
            row.override().modelPattern(),
            row.projectId(),
            e.getMessage());
      }
    }
    return new OverridePrices(valid);
  }

  /** The override as the pricing engine matches it; null cache and reasoning prices fall back. */
  private static OverridePrices.Override toOverride(String projectId, PriceOverride o) {
    return new OverridePrices.Override(
        projectId,
        o.modelPattern(),
        ModelPrice.of(
            TokenRates.perMillion(
                o.input(), o.output(), o.cacheRead(), o.cacheWrite(), o.reasoning())));
  }

  private static BigDecimal strip(BigDecimal d) {
    return d == null ? null : d.stripTrailingZeros();
  }
}
