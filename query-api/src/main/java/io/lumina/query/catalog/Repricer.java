package io.lumina.query.catalog;

import io.lumina.model.Cost;
import io.lumina.model.NormalizedSpan;
import io.lumina.model.TokenUsage;
import io.lumina.pricing.CostCalculator;
import io.lumina.pricing.PriceCatalog;
import io.lumina.query.config.AggregateCache;
import io.lumina.query.config.QueryProperties;
import io.lumina.query.search.TimeParam;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Re-prices stored spans of a time range with the current catalog and the project's overrides, then
 * repairs what was derived from their costs: the trace summaries and the hourly rollups.
 *
 * <p>Only spans priced from the catalog, from an override, or left unpriced are re-priced; a cost
 * or prices the span brought itself still win (SPEC precedence). The range is worked in chunks of
 * {@code lumina.query.reprice.chunk}, one transaction each, so a long range never holds locks or
 * memory for long. Each chunk first takes a SHARE ROW EXCLUSIVE lock on the rollup table: workers
 * then wait (briefly) before adding to the rollups, so the recomputed hours neither miss nor double
 * count a concurrently stored batch, and a worker's trace summary never overwrites ours with a cost
 * read before our update.
 */
@Component
class Repricer {
  private static final String SELECT_SPANS =
      """
      SELECT trace_id, span_id, start_time, model, provider, prompt_tokens, completion_tokens,
             total_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd,
             pricing_source, catalog_version
      FROM spans
      WHERE project_id = ? AND start_time >= ? AND start_time < ? AND is_llm
        AND pricing_source IN ('CATALOG', 'PROJECT_OVERRIDE', 'UNPRICED')""";

  private static final String UPDATE_SPAN =
      """
      UPDATE spans SET cost_usd = ?, pricing_source = ?, unpriced = ?, catalog_version = ?
      WHERE project_id = ? AND trace_id = ? AND span_id = ? AND start_time = ?""";

  private static final String UPDATE_TRACES =
      """
      UPDATE traces t SET cost_usd = x.cost_usd, unpriced_spans = x.unpriced_spans, updated_at = now()
      FROM (SELECT trace_id, sum(cost_usd) AS cost_usd, count(*) FILTER (WHERE unpriced) AS unpriced_spans
            FROM spans WHERE project_id = ? AND trace_id = ANY (?) GROUP BY trace_id) x
      WHERE t.project_id = ? AND t.trace_id = x.trace_id""";

  private static final String DELETE_ROLLUPS =
      """
      DELETE FROM span_rollups_hourly WHERE project_id = ? AND hour >= ? AND hour < ?""";

  /** The same aggregation as the worker's, over all stored spans of the hours. */
  private static final String INSERT_ROLLUPS =
      """
      INSERT INTO span_rollups_hourly (project_id, hour, service_name, model, provider,
          span_count, llm_span_count, error_count, degraded_count, prompt_tokens, completion_tokens,
          cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd, unpriced_count,
          latency_ms_sum, latency_ms_max)
      SELECT project_id, date_trunc('hour', start_time, 'UTC'), service_name, coalesce(model, ''),
             coalesce(provider, ''), count(*), count(*) FILTER (WHERE is_llm),
             count(*) FILTER (WHERE status = 'error'), count(*) FILTER (WHERE status = 'degraded'),
             coalesce(sum(prompt_tokens), 0), coalesce(sum(completion_tokens), 0),
             coalesce(sum(cache_read_tokens), 0), coalesce(sum(cache_write_tokens), 0),
             coalesce(sum(reasoning_tokens), 0), coalesce(sum(cost_usd), 0),
             count(*) FILTER (WHERE unpriced), sum(latency_ms), max(latency_ms)
      FROM spans
      WHERE project_id = ? AND start_time >= ? AND start_time < ?
      GROUP BY 1, 2, 3, 4, 5""";

  /** What a re-pricing run did. */
  record Result(
      Instant from,
      Instant to,
      String catalogVersion,
      long spansExamined,
      long spansRepriced,
      long tracesUpdated,
      long chunksRecomputed) {}

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;
  private final PricingRepository pricing;
  private final PriceCatalog catalog;
  private final AggregateCache cache;
  private final QueryProperties properties;

  Repricer(
      JdbcTemplate jdbc,
      TransactionTemplate transactions,
      PricingRepository pricing,
      PriceCatalog catalog,
      AggregateCache cache,
      QueryProperties properties) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.pricing = pricing;
    this.catalog = catalog;
    this.cache = cache;
    this.properties = properties;
  }

  /** Re-prices [from, to), which the caller aligned to whole hours. */
  Result reprice(String projectId, Instant from, Instant to) {
    CostCalculator calculator = new CostCalculator(catalog, pricing.prices(projectId));
    long examined = 0;
    long repriced = 0;
    long traces = 0;
    long chunks = 0;
    for (Instant a = from; a.isBefore(to); a = a.plus(properties.reprice().chunk())) {
      Instant b = a.plus(properties.reprice().chunk());
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
    cache.invalidateAll();
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
      select.setObject(2, TimeParam.toSql(from));
      select.setObject(3, TimeParam.toSql(to));
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
              new NormalizedSpan(
                  rs.getString("model"),
                  rs.getString("provider"),
                  tokens,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null);
          Cost cost = calculator.price(projectId, span);
          if (!changed(rs, cost)) {
            continue;
          }
          update.setBigDecimal(1, cost.usd());
          update.setString(2, cost.source().name());
          update.setBoolean(3, cost.isUnpriced());
          update.setString(4, cost.catalogVersion());
          update.setString(5, projectId);
          update.setString(6, rs.getString("trace_id"));
          update.setString(7, rs.getString("span_id"));
          update.setObject(8, rs.getObject("start_time", java.time.OffsetDateTime.class));
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
    try (PreparedStatement ps = c.prepareStatement(UPDATE_TRACES)) {
      Array ids = c.createArrayOf("text", traceIds.toArray());
      ps.setString(1, projectId);
      ps.setArray(2, ids);
      ps.setString(3, projectId);
      traces = ps.executeUpdate();
    }
    for (String sql : List.of(DELETE_ROLLUPS, INSERT_ROLLUPS)) {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, projectId);
        ps.setObject(2, TimeParam.toSql(from));
        ps.setObject(3, TimeParam.toSql(to));
        ps.executeUpdate();
      }
    }
    return new long[] {examined, repriced, traces};
  }

  private static boolean changed(ResultSet rs, Cost cost) throws SQLException {
    java.math.BigDecimal old = rs.getBigDecimal("cost_usd");
    boolean sameCost =
        old == null ? cost.usd() == null : cost.usd() != null && old.compareTo(cost.usd()) == 0;
    return !sameCost
        || !cost.source().name().equals(rs.getString("pricing_source"))
        || !Objects.equals(cost.catalogVersion(), rs.getString("catalog_version"));
  }

  private static Long longOrNull(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }
}
