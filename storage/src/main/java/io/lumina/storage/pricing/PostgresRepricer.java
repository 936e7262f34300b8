package io.lumina.storage.pricing;

import io.lumina.model.Cost;
import io.lumina.model.NormalizedSpan;
import io.lumina.model.TokenUsage;
import io.lumina.pricing.CostCalculator;
import io.lumina.pricing.PriceCatalog;
import io.lumina.storage.rollups.HourlyRollups;
import io.lumina.storage.rollups.TraceSummaries;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link Repricer} on PostgreSQL. Only spans priced from the catalog, from an override, or left
 * unpriced are re-priced; a cost or prices the span brought itself still win (see docs/pricing.md).
 * A span keeps its usage role (an aggregate is re-priced as it reported, and still not counted);
 * its unpriced reason is judged again with its cost. Each chunk is one transaction, so a long range
 * never holds locks or memory for long, and each first takes a SHARE ROW EXCLUSIVE lock on the
 * rollup table: writers then wait (briefly) before adding to the rollups, so the recomputed hours
 * neither miss nor double count a concurrently stored batch, and a writer's trace summary never
 * overwrites ours with a cost read before our update.
 */
public final class PostgresRepricer implements Repricer {
  private static final String SELECT_SPANS =
      """
      SELECT trace_id, span_id, start_time, model, provider, prompt_tokens, completion_tokens,
             total_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd,
             pricing_source, unpriced_reason, catalog_version
      FROM spans
      WHERE project_id = ? AND start_time >= ? AND start_time < ? AND is_llm
        AND pricing_source IN ('CATALOG', 'PROJECT_OVERRIDE', 'UNPRICED')""";

  private static final String UPDATE_SPAN =
      """
      UPDATE spans SET cost_usd = ?, pricing_source = ?, unpriced = ?, unpriced_reason = ?,
             catalog_version = ?
      WHERE project_id = ? AND trace_id = ? AND span_id = ? AND start_time = ?""";

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;
  private final PriceOverrideStore overrides;

  public PostgresRepricer(DataSource dataSource, PriceOverrideStore overrides) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    this.overrides = overrides;
  }

  @Override
  public Result reprice(
      String projectId, Instant from, Instant to, PriceCatalog catalog, Duration chunk) {
    CostCalculator calculator = new CostCalculator(catalog, overrides.prices(projectId));
    long examined = 0;
    long repriced = 0;
    long traces = 0;
    long chunks = 0;
    for (Instant a = from; a.isBefore(to); a = a.plus(chunk)) {
      Instant b = a.plus(chunk);
      Instant end = b.isAfter(to) ? to : b;
      Instant start = a;
      long[] counts =
          transactions.execute(
              status ->
                  jdbc.execute(
                      (ConnectionCallback<long[]>)
                          c -> chunk(c, calculator, projectId, start, end)));
      examined += counts[0];
      repriced += counts[1];
      traces += counts[2];
      chunks += counts[1] > 0 ? 1 : 0;
    }
    return new Result(from, to, catalog.version(), examined, repriced, traces, chunks);
  }

  /** One chunk in the caller's transaction: {examined, repriced, traces updated}. */
  private static long[] chunk(
      Connection c, CostCalculator calculator, String projectId, Instant from, Instant to)
      throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("LOCK TABLE span_rollups_hourly IN SHARE ROW EXCLUSIVE MODE");
    }
    long examined = 0;
    long repriced = 0;
    Set<String> traceIds = new LinkedHashSet<>();
    try (PreparedStatement select = c.prepareStatement(SELECT_SPANS);
        PreparedStatement update = c.prepareStatement(UPDATE_SPAN)) {
      select.setString(1, projectId);
      select.setObject(2, utc(from));
      select.setObject(3, utc(to));
      select.setFetchSize(1000);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          examined++;
          TokenUsage tokens =
              new TokenUsage(
                  longOrNull(rs, "prompt_tokens"),
                  longOrNull(rs, "completion_tokens"),
                  longOrNull(rs, "total_tokens"),
                  longOrNull(rs, "cache_read_tokens"),
                  longOrNull(rs, "cache_write_tokens"),
                  longOrNull(rs, "reasoning_tokens"));
          // only stored columns: the span's own cost or prices never reach this query
          NormalizedSpan span =
              NormalizedSpan.ofUsage(rs.getString("model"), rs.getString("provider"), tokens);
          Cost cost = calculator.price(projectId, span);
          if (!changed(rs, cost)) {
            continue;
          }
          update.setBigDecimal(1, cost.usd());
          update.setString(2, cost.source().name());
          update.setBoolean(3, cost.isUnpriced());
          update.setString(
              4, cost.unpricedReason() == null ? null : cost.unpricedReason().wireName());
          update.setString(5, cost.catalogVersion());
          update.setString(6, projectId);
          update.setString(7, rs.getString("trace_id"));
          update.setString(8, rs.getString("span_id"));
          update.setObject(9, rs.getObject("start_time", OffsetDateTime.class));
          update.addBatch();
          traceIds.add(rs.getString("trace_id"));
          if (++repriced % 500 == 0) {
            update.executeBatch();
          }
        }
      }
      if (repriced % 500 != 0) {
        update.executeBatch();
      }
    }
    if (repriced == 0) {
      return new long[] {examined, 0, 0};
    }
    long traces;
    try (PreparedStatement ps = c.prepareStatement(TraceSummaries.RECOMPUTE_COSTS)) {
      Array ids = c.createArrayOf("text", traceIds.toArray());
      ps.setString(1, projectId);
      ps.setArray(2, ids);
      ps.setString(3, projectId);
      traces = ps.executeUpdate();
    }
    for (String sql : List.of(HourlyRollups.DELETE_HOURS, HourlyRollups.INSERT_STORED)) {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, projectId);
        ps.setObject(2, utc(from));
        ps.setObject(3, utc(to));
        ps.executeUpdate();
      }
    }
    return new long[] {examined, repriced, traces};
  }

  private static boolean changed(ResultSet rs, Cost cost) throws SQLException {
    BigDecimal old = rs.getBigDecimal("cost_usd");
    boolean sameCost =
        old == null ? cost.usd() == null : cost.usd() != null && old.compareTo(cost.usd()) == 0;
    return !sameCost
        || !cost.source().name().equals(rs.getString("pricing_source"))
        || !Objects.equals(
            cost.unpricedReason() == null ? null : cost.unpricedReason().wireName(),
            rs.getString("unpriced_reason"))
        || !Objects.equals(cost.catalogVersion(), rs.getString("catalog_version"));
  }

  private static Long longOrNull(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
