package io.lumina.storage.analytics;

import io.lumina.api.analytics.Bucket;
import io.lumina.api.analytics.LatencyGroup;
import io.lumina.model.UnpricedReason;
import io.lumina.storage.rollups.CountedSpans;
import io.lumina.storage.rollups.HourlyRollups;
import io.lumina.storage.rollups.LatencySketches;
import io.lumina.storage.sql.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link AnalyticsReader} on {@code span_rollups_hourly} and the {@code spans} table. The rollups
 * count each LLM call once already; queries over raw spans apply the same rule ({@link
 * CountedSpans}): usage measures add up counted spans only, and a span is listed under a model or
 * provider only when counted.
 */
final class JdbcAnalyticsReader implements AnalyticsReader {
  private static final String ROLLUP_MEASURES =
      """
      coalesce(sum(r.span_count), 0) AS span_count,
      coalesce(sum(r.llm_span_count), 0) AS llm_span_count,
      coalesce(sum(r.error_count), 0) AS error_count,
      coalesce(sum(r.cost_usd), 0) AS cost_usd,
      coalesce(sum(r.unpriced_count), 0) AS unpriced_count,
      REASONS,
      coalesce(sum(r.prompt_tokens), 0) AS prompt_tokens,
      coalesce(sum(r.completion_tokens), 0) AS completion_tokens,
      coalesce(sum(r.cache_read_tokens), 0) AS cache_read_tokens,
      coalesce(sum(r.cache_write_tokens), 0) AS cache_write_tokens,
      coalesce(sum(r.reasoning_tokens), 0) AS reasoning_tokens,
      sum(r.latency_ms_sum) / nullif(sum(r.span_count), 0) AS avg_latency_ms"""
          .replace(
              "REASONS", HourlyRollups.forEachReason("coalesce(sum(r.%1$s), 0) AS %1$s", ",\n"));

  private static final String SPAN_MEASURES =
      """
      count(*) AS span_count,
      count(*) FILTER (WHERE s.is_llm AND COUNTED) AS llm_span_count,
      count(*) FILTER (WHERE s.status = 'error') AS error_count,
      coalesce(sum(s.cost_usd) FILTER (WHERE COUNTED), 0) AS cost_usd,
      count(*) FILTER (WHERE s.unpriced AND COUNTED) AS unpriced_count,
      REASONS,
      coalesce(sum(s.prompt_tokens) FILTER (WHERE COUNTED), 0) AS prompt_tokens,
      coalesce(sum(s.completion_tokens) FILTER (WHERE COUNTED), 0) AS completion_tokens,
      coalesce(sum(s.cache_read_tokens) FILTER (WHERE COUNTED), 0) AS cache_read_tokens,
      coalesce(sum(s.cache_write_tokens) FILTER (WHERE COUNTED), 0) AS cache_write_tokens,
      coalesce(sum(s.reasoning_tokens) FILTER (WHERE COUNTED), 0) AS reasoning_tokens,
      avg(s.latency_ms) AS avg_latency_ms"""
          .replace(
              "REASONS",
              HourlyRollups.forEachReason(
                  "count(*) FILTER (WHERE s.unpriced_reason = '%2$s' AND COUNTED) AS %1$s", ",\n"))
          .replace("COUNTED", CountedSpans.condition("s"));

  private final JdbcClient jdbc;

  JdbcAnalyticsReader(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public List<Bucket> aggregate(
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
            : "coalesce(" + (spans ? spanColumn(key) : rollupColumn(key)) + ", '')";
    String timeColumn = spans ? "s.start_time" : "r.hour";
    String bucketExpr = bucketOf(bucket, timeColumn);
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
    sql.and(timeColumn + " >= ?", Sql.timestamp(q.from()));
    sql.and(timeColumn + " < ?", Sql.timestamp(q.to()));
    // the rollups store a missing model or provider as '' (part of their primary key)
    sql.andIf(q.service(), alias + ".service_name = ?");
    sql.andIf(q.model(), spans ? spanColumn(AnalyticsQuery.GroupBy.MODEL) + " = ?" : "r.model = ?");
    sql.andIf(
        q.provider(),
        spans ? spanColumn(AnalyticsQuery.GroupBy.PROVIDER) + " = ?" : "r.provider = ?");
    if (key != null || bucket != null) {
      sql.append("\nGROUP BY 1, 2\nORDER BY 2, 6 DESC, 1");
    }
    if (limit != null) {
      sql.fragment("\nLIMIT ?", limit);
    }
    return jdbc.sql(sql.text()).params(sql.params()).query((rs, i) -> bucket(rs)).list();
  }

  @Override
  public List<LatencyGroup> latency(String projectId, AnalyticsQuery q, boolean llmOnly) {
    return q.fromSpans()
        ? latencyFromSpans(projectId, q, llmOnly)
        : latencyFromSketches(projectId, q, llmOnly);
  }

  /**
   * Percentiles from merging the hourly latency sketches of the window's rows per group: no span is
   * read. Count, average and maximum are exact (the rows keep count, sum and maximum); p50, p95 and
   * p99 are within the sketches' relative accuracy ({@link LatencySketches}). Ordered as {@link
   * #latencyFromSpans}: by bucket, then span count descending, then key.
   */
  private List<LatencyGroup> latencyFromSketches(
      String projectId, AnalyticsQuery q, boolean llmOnly) {
    AnalyticsQuery.GroupBy key = q.keyGroup();
    AnalyticsQuery.Interval bucket = q.bucket();
    String keyExpr = key == null ? "CAST(NULL AS text)" : rollupColumn(key);
    String bucketExpr = bucketOf(bucket, "r.hour");
    Sql sql =
        new Sql()
            .append(
                "SELECT "
                    + keyExpr
                    + " AS key, "
                    + bucketExpr
                    + " AS bucket, r.span_count, r.latency_ms_sum, r.latency_ms_max, r.sketch"
                    + "\nFROM span_latency_sketches_hourly r");
    sql.and("r.project_id = ?", projectId);
    sql.and("r.hour >= ?", Sql.timestamp(q.from()));
    sql.and("r.hour < ?", Sql.timestamp(q.to()));
    sql.and("r.llm_calls = ?", llmOnly);
    sql.and("r.span_count > 0");
    sql.andIf(q.service(), "r.service_name = ?");
    sql.andIf(q.model(), "r.model = ?");
    sql.andIf(q.provider(), "r.provider = ?");
    Map<GroupKey, LatencySketches.Latencies> groups = new LinkedHashMap<>();
    jdbc.sql(sql.text())
        .params(sql.params())
        .query(
            rs -> {
              GroupKey group =
                  new GroupKey(
                      emptyToNull(rs.getString("key"), key != null),
                      time(rs.getTimestamp("bucket")));
              groups.computeIfAbsent(group, g -> new LatencySketches.Latencies()).addStored(rs, 3);
            });
    return groups.entrySet().stream()
        .sorted(
            Comparator.comparing(
                    (Map.Entry<GroupKey, LatencySketches.Latencies> e) -> e.getKey().bucket(),
                    Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(e -> e.getValue().count(), Comparator.reverseOrder())
                .thenComparing(
                    e -> e.getKey().key(), Comparator.nullsLast(Comparator.naturalOrder())))
        .limit(q.limit())
        .map(
            e -> {
              LatencySketches.Latencies l = e.getValue();
              return new LatencyGroup(
                  e.getKey().key(),
                  e.getKey().bucket(),
                  l.count(),
                  l.quantile(0.5),
                  l.quantile(0.95),
                  l.quantile(0.99),
                  l.average(),
                  l.max());
            })
        .toList();
  }

  private record GroupKey(String key, Instant bucket) {}

  /** Exact percentiles over raw spans, for groupings the rollups do not keep (users). */
  private List<LatencyGroup> latencyFromSpans(String projectId, AnalyticsQuery q, boolean llmOnly) {
    AnalyticsQuery.GroupBy key = q.keyGroup();
    AnalyticsQuery.Interval bucket = q.bucket();
    String keyExpr = key == null ? "CAST(NULL AS text)" : "coalesce(" + spanColumn(key) + ", '')";
    String bucketExpr = bucketOf(bucket, "s.start_time");
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
    sql.and("s.start_time >= ?", Sql.timestamp(q.from()));
    sql.and("s.start_time < ?", Sql.timestamp(q.to()));
    sql.andIf(q.service(), "s.service_name = ?");
    sql.andIf(q.model(), spanColumn(AnalyticsQuery.GroupBy.MODEL) + " = ?");
    sql.andIf(q.provider(), spanColumn(AnalyticsQuery.GroupBy.PROVIDER) + " = ?");
    if (llmOnly) {
      // LLM calls once each: an aggregate's latency is its children's plus whatever ran between
      sql.and("s.is_llm AND " + CountedSpans.condition("s"));
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

  @Override
  public List<ModelUsage> modelUsage(String projectId, Instant from, Instant to) {
    return jdbc.sql(
            """
            SELECT model, provider, sum(llm_span_count) AS llm, sum(cost_usd) AS cost,
                   sum(unpriced_count) AS unpriced, sum(prompt_tokens) AS prompt,
                   sum(completion_tokens) AS completion, REASONS
            FROM span_rollups_hourly
            WHERE project_id = :project AND hour >= date_trunc('hour', CAST(:from AS timestamptz), 'UTC')
              AND hour < :to AND model <> ''
            GROUP BY model, provider
            ORDER BY cost DESC, model, provider"""
                .replace("REASONS", HourlyRollups.forEachReason("sum(%1$s) AS %1$s", ", ")))
        .param("project", projectId)
        .param("from", Sql.timestamp(from))
        .param("to", Sql.timestamp(to))
        .query(
            (rs, i) ->
                new ModelUsage(
                    rs.getString("model"),
                    nullIfEmpty(rs.getString("provider")),
                    rs.getLong("llm"),
                    rs.getBigDecimal("cost").stripTrailingZeros(),
                    rs.getLong("unpriced"),
                    unpricedReasons(rs),
                    rs.getLong("prompt"),
                    rs.getLong("completion")))
        .list();
  }

  /** The UTC time bucket of {@code timeColumn}, or a typed null without buckets. */
  private static String bucketOf(AnalyticsQuery.Interval bucket, String timeColumn) {
    return bucket == null
        ? "CAST(NULL AS timestamptz)"
        : "date_trunc('" + bucket.unit() + "', " + timeColumn + ", 'UTC')";
  }

  // the rollups store a missing model or provider as '' (part of their primary key) and keep no
  // user: grouping by user reads spans
  private static String rollupColumn(AnalyticsQuery.GroupBy key) {
    return switch (key) {
      case MODEL -> "r.model";
      case SERVICE -> "r.service_name";
      case PROVIDER -> "r.provider";
      case USER, DAY, HOUR -> null;
    };
  }

  // as in the rollups: a span is listed under its model and provider only when counted
  private static String spanColumn(AnalyticsQuery.GroupBy key) {
    return switch (key) {
      case MODEL -> CountedSpans.model("s");
      case SERVICE -> "s.service_name";
      case PROVIDER -> CountedSpans.provider("s");
      case USER -> "s.user_id";
      case DAY, HOUR -> null;
    };
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
        unpricedReasons(rs),
        rs.getLong("prompt_tokens"),
        rs.getLong("completion_tokens"),
        rs.getLong("cache_read_tokens"),
        rs.getLong("cache_write_tokens"),
        rs.getLong("reasoning_tokens"),
        noAvg ? null : avg);
  }

  /** The reasons that occur, in the enum's order, from the columns named as in the rollups. */
  private static Map<String, Long> unpricedReasons(ResultSet rs) throws SQLException {
    Map<String, Long> reasons = new LinkedHashMap<>();
    for (UnpricedReason reason : UnpricedReason.values()) {
      long n = rs.getLong(HourlyRollups.unpricedColumn(reason));
      if (n > 0) {
        reasons.put(reason.wireName(), n);
      }
    }
    return reasons;
  }

  private static String emptyToNull(String key, boolean keyed) {
    return keyed ? key : null;
  }

  private static String nullIfEmpty(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static Instant time(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }
}
