package io.lumina.query.analytics;

import io.lumina.query.search.Sql;
import io.lumina.query.search.TimeParam;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Aggregates over the hourly rollups, or over raw spans where the rollups cannot answer (grouping
 * by user, latency percentiles). Always within one project.
 */
@Repository
class AnalyticsRepository {
  private static final String ROLLUP_MEASURES =
      """
      coalesce(sum(r.span_count), 0) AS span_count,
      coalesce(sum(r.llm_span_count), 0) AS llm_span_count,
      coalesce(sum(r.error_count), 0) AS error_count,
      coalesce(sum(r.cost_usd), 0) AS cost_usd,
      coalesce(sum(r.unpriced_count), 0) AS unpriced_count,
      coalesce(sum(r.prompt_tokens), 0) AS prompt_tokens,
      coalesce(sum(r.completion_tokens), 0) AS completion_tokens,
      coalesce(sum(r.cache_read_tokens), 0) AS cache_read_tokens,
      coalesce(sum(r.cache_write_tokens), 0) AS cache_write_tokens,
      coalesce(sum(r.reasoning_tokens), 0) AS reasoning_tokens,
      sum(r.latency_ms_sum) / nullif(sum(r.span_count), 0) AS avg_latency_ms""";

  private static final String SPAN_MEASURES =
      """
      count(*) AS span_count,
      count(*) FILTER (WHERE s.is_llm) AS llm_span_count,
      count(*) FILTER (WHERE s.status = 'error') AS error_count,
      coalesce(sum(s.cost_usd), 0) AS cost_usd,
      count(*) FILTER (WHERE s.unpriced) AS unpriced_count,
      coalesce(sum(s.prompt_tokens), 0) AS prompt_tokens,
      coalesce(sum(s.completion_tokens), 0) AS completion_tokens,
      coalesce(sum(s.cache_read_tokens), 0) AS cache_read_tokens,
      coalesce(sum(s.cache_write_tokens), 0) AS cache_write_tokens,
      coalesce(sum(s.reasoning_tokens), 0) AS reasoning_tokens,
      avg(s.latency_ms) AS avg_latency_ms""";

  private final JdbcClient jdbc;

  AnalyticsRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Measures grouped by {@code key} (null: no key) and {@code bucket} (null: no time bucket),
   * ordered by time, then cost (highest first). Without key and bucket: one row, the totals.
   */
  List<Bucket> aggregate(
      String projectId,
      AnalyticsQuery q,
      AnalyticsQuery.GroupBy key,
      AnalyticsQuery.Interval bucket,
      Integer limit) {
    boolean spans = q.fromSpans();
    String alias = spans ? "s" : "r";
    String keyExpr =
        key == null
            ? "CAST(NULL AS text)"
            : "coalesce(" + (spans ? key.spanColumn : key.rollupColumn) + ", '')";
    String timeColumn = spans ? "s.start_time" : "r.hour";
    String bucketExpr =
        bucket == null
            ? "CAST(NULL AS timestamptz)"
            : "date_trunc('" + bucket.unit() + "', " + timeColumn + ", 'UTC')";
    Sql sql =
        new Sql()
            .append(
                "SELECT "
                    + keyExpr
                    + " AS key, "
                    + bucketExpr
                    + " AS bucket,\n"
                    + (spans ? SPAN_MEASURES : ROLLUP_MEASURES)
                    + (spans ? "\nFROM spans s" : "\nFROM span_rollups_hourly r"));
    sql.and(alias + ".project_id = ?", projectId);
    sql.and(timeColumn + " >= ?", TimeParam.toSql(q.from()));
    sql.and(timeColumn + " < ?", TimeParam.toSql(q.to()));
    // the rollups store a missing model or provider as '' (part of their primary key)
    sql.andIf(q.service(), alias + ".service_name = ?");
    sql.andIf(q.model(), spans ? "s.model = ?" : "r.model = ?");
    sql.andIf(q.provider(), spans ? "s.provider = ?" : "r.provider = ?");
    if (key != null || bucket != null) {
      sql.append("\nGROUP BY 1, 2\nORDER BY 2, 6 DESC, 1");
    }
    if (limit != null) {
      sql.fragment("\nLIMIT ?", limit);
    }
    return jdbc.sql(sql.text()).params(sql.params()).query((rs, i) -> bucket(rs)).list();
  }

  /** Latency percentiles by group over raw spans (percentiles cannot be rolled up). */
  List<LatencyGroup> latency(String projectId, AnalyticsQuery q, boolean llmOnly) {
    AnalyticsQuery.GroupBy key = q.keyGroup();
    AnalyticsQuery.Interval bucket = q.bucket();
    String keyExpr = key == null ? "CAST(NULL AS text)" : "coalesce(" + key.spanColumn + ", '')";
    String bucketExpr =
        bucket == null
            ? "CAST(NULL AS timestamptz)"
            : "date_trunc('" + bucket.unit() + "', s.start_time, 'UTC')";
    Sql sql =
        new Sql()
            .append(
                "SELECT "
                    + keyExpr
                    + " AS key, "
                    + bucketExpr
                    + """
         AS bucket, count(*) AS span_count,
          percentile_cont(0.5) WITHIN GROUP (ORDER BY s.latency_ms) AS p50,
          percentile_cont(0.95) WITHIN GROUP (ORDER BY s.latency_ms) AS p95,
          percentile_cont(0.99) WITHIN GROUP (ORDER BY s.latency_ms) AS p99,
          avg(s.latency_ms) AS avg, max(s.latency_ms) AS max
        FROM spans s""");
    sql.and("s.project_id = ?", projectId);
    sql.and("s.start_time >= ?", TimeParam.toSql(q.from()));
    sql.and("s.start_time < ?", TimeParam.toSql(q.to()));
    sql.andIf(q.service(), "s.service_name = ?");
    sql.andIf(q.model(), "s.model = ?");
    sql.andIf(q.provider(), "s.provider = ?");
    if (llmOnly) {
      sql.and("s.is_llm");
    }
    sql.append("\nGROUP BY 1, 2\nHAVING count(*) > 0\nORDER BY 2, 3 DESC, 1")
        .fragment("\nLIMIT ?", q.limit());
    return jdbc.sql(sql.text())
        .params(sql.params())
        .query(
            (rs, i) ->
                new LatencyGroup(
                    emptyToNull(rs.getString("key"), key != null),
                    time(rs.getTimestamp("bucket")),
                    rs.getLong("span_count"),
                    rs.getDouble("p50"),
                    rs.getDouble("p95"),
                    rs.getDouble("p99"),
                    rs.getDouble("avg"),
                    rs.getDouble("max")))
        .list();
  }

  private static Bucket bucket(ResultSet rs) throws SQLException {
    double avg = rs.getDouble("avg_latency_ms");
    boolean noAvg = rs.wasNull();
    return new Bucket(
        rs.getString("key"),
        time(rs.getTimestamp("bucket")),
        rs.getLong("span_count"),
        rs.getLong("llm_span_count"),
        rs.getLong("error_count"),
        rs.getBigDecimal("cost_usd").stripTrailingZeros(),
        rs.getLong("unpriced_count"),
        rs.getLong("prompt_tokens"),
        rs.getLong("completion_tokens"),
        rs.getLong("cache_read_tokens"),
        rs.getLong("cache_write_tokens"),
        rs.getLong("reasoning_tokens"),
        noAvg ? null : avg);
  }

  private static String emptyToNull(String key, boolean keyed) {
    return keyed ? key : null;
  }

  private static java.time.Instant time(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }
}
