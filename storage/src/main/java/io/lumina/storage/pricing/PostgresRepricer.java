package io.lumina.storage.pricing;

import io.lumina.model.Cost;
import io.lumina.model.NormalizedSpan;
import io.lumina.model.TokenUsage;
import io.lumina.model.UnpricedReason;
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
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link Repricer} on PostgreSQL. Only spans priced from the catalog, from an override, or left
 * unpriced are re-priced; a cost or prices the span brought itself still win (see docs/pricing.md).
 * A span keeps its usage role (an aggregate is re-priced as it reported, and still not counted);
 * its unpriced reason is judged again with its cost.
 *
 * <p>Each chunk is one transaction that locks rows only, never a table: the chunk's spans (in key
 * order), then the rollup buckets whose spans changed cost (in bucket order), then those spans'
 * trace summaries (in trace order). Re-pricing changes no bucket key (model, provider, service and
 * usage role stay), so a bucket is corrected by adding the difference in cost and unpriced counts,
 * the same kind of increment a writer adds: a writer storing spans in the same hour meanwhile only
 * waits for a bucket row both touch, and neither change is lost. A trace summary is recomputed from
 * its spans after its row is locked (see {@link TraceSummaries#LOCK_TRACES}). A deadlock with a
 * writer rolls the chunk back whole; the caller tries it again.
 */
public final class PostgresRepricer implements Repricer {
  private static final String SELECT_SPANS =
      """
      SELECT trace_id, span_id, start_time, model, provider, prompt_tokens, completion_tokens,
             total_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd,
             pricing_source, unpriced, unpriced_reason, catalog_version, BUCKET_COLUMNS
      FROM spans
      WHERE project_id = ? AND start_time >= ? AND start_time < ? AND is_llm
        AND pricing_source IN ('CATALOG', 'PROJECT_OVERRIDE', 'UNPRICED')
      ORDER BY trace_id, span_id, start_time
      FOR UPDATE"""
          .replace("BUCKET_COLUMNS", HourlyRollups.BUCKET_COLUMNS);

  private static final String UPDATE_SPAN =
      """
      UPDATE spans SET cost_usd = ?, pricing_source = ?, unpriced = ?, unpriced_reason = ?,
             catalog_version = ?
      WHERE project_id = ? AND trace_id = ? AND span_id = ? AND start_time = ?""";

  private static final List<UnpricedReason> REASONS = List.of(UnpricedReason.values());

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
      ChunkCounts counts =
          transactions.execute(
              status ->
                  jdbc.execute(
                      (ConnectionCallback<ChunkCounts>)
                          c -> chunk(c, calculator, projectId, start, end)));
      examined += counts.examined();
      repriced += counts.repriced();
      traces += counts.traces();
      chunks += counts.repriced() > 0 ? 1 : 0;
    }
    return new Result(from, to, catalog.version(), examined, repriced, traces, chunks);
  }

  /** What one chunk did. */
  record ChunkCounts(long examined, long repriced, long traces) {}

  /** One chunk of hours {@code [from, to)} in the caller's transaction. */
  static ChunkCounts chunk(
      Connection c, CostCalculator calculator, String projectId, Instant from, Instant to)
      throws SQLException {
    long examined = 0;
    long repriced = 0;
    Set<String> traceIds = new TreeSet<>();
    Map<Bucket, Change> buckets = new TreeMap<>();
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
          if (rs.getBoolean("counted")) {
            buckets
                .computeIfAbsent(
                    new Bucket(
                        rs.getObject("bucket_hour", OffsetDateTime.class).toInstant(),
                        rs.getString("bucket_service"),
                        rs.getString("bucket_model"),
                        rs.getString("bucket_provider")),
                    k -> new Change())
                .add(rs, cost);
          }
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
      return new ChunkCounts(examined, 0, 0);
    }
    addToBuckets(c, projectId, buckets);
    long traces;
    Array ids = c.createArrayOf("text", traceIds.toArray());
    try (PreparedStatement lock = c.prepareStatement(TraceSummaries.LOCK_TRACES)) {
      lock.setString(1, projectId);
      lock.setArray(2, ids);
      lock.executeQuery().close();
    }
    try (PreparedStatement ps = c.prepareStatement(TraceSummaries.RECOMPUTE_COSTS)) {
      ps.setString(1, projectId);
      ps.setArray(2, ids);
      ps.setString(3, projectId);
      traces = ps.executeUpdate();
    }
    return new ChunkCounts(examined, repriced, traces);
  }

  private static void addToBuckets(Connection c, String projectId, Map<Bucket, Change> buckets)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(HourlyRollups.ADD_COST_CHANGE)) {
      for (Map.Entry<Bucket, Change> e : buckets.entrySet()) {
        Change change = e.getValue();
        if (change.isZero()) {
          continue;
        }
        int p = 1;
        ps.setBigDecimal(p++, change.cost);
        ps.setLong(p++, change.unpriced);
        for (long reason : change.reasons) {
          ps.setLong(p++, reason);
        }
        Bucket bucket = e.getKey();
        ps.setString(p++, projectId);
        ps.setObject(p++, utc(bucket.hour()));
        ps.setString(p++, bucket.service());
        ps.setString(p++, bucket.model());
        ps.setString(p, bucket.provider());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** A rollup row's key within a project; ordered so every chunk locks buckets in one order. */
  record Bucket(Instant hour, String service, String model, String provider)
      implements Comparable<Bucket> {
    private static final Comparator<Bucket> ORDER =
        Comparator.comparing(Bucket::hour)
            .thenComparing(Bucket::service)
            .thenComparing(Bucket::model)
            .thenComparing(Bucket::provider);

    @Override
    public int compareTo(Bucket other) {
      return ORDER.compare(this, other);
    }
  }

  /** The difference re-pricing makes to one bucket's cost and unpriced counts. */
  private static final class Change {
    private BigDecimal cost = BigDecimal.ZERO;
    private long unpriced;
    private final long[] reasons = new long[REASONS.size()];

    void add(ResultSet old, Cost now) throws SQLException {
      BigDecimal before = old.getBigDecimal("cost_usd");
      cost = cost.add(now.usd() == null ? BigDecimal.ZERO : now.usd());
      cost = cost.subtract(before == null ? BigDecimal.ZERO : before);
      unpriced += (now.isUnpriced() ? 1 : 0) - (old.getBoolean("unpriced") ? 1 : 0);
      String oldReason = old.getString("unpriced_reason");
      for (int i = 0; i < reasons.length; i++) {
        String wire = REASONS.get(i).wireName();
        if (wire.equals(oldReason)) {
          reasons[i]--;
        }
        if (now.unpricedReason() != null && now.unpricedReason() == REASONS.get(i)) {
          reasons[i]++;
        }
      }
    }

    boolean isZero() {
      if (cost.signum() != 0 || unpriced != 0) {
        return false;
      }
      for (long r : reasons) {
        if (r != 0) {
          return false;
        }
      }
      return true;
    }
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
