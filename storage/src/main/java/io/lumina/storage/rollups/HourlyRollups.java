package io.lumina.storage.rollups;

/**
 * Every statement that writes {@code span_rollups_hourly}: per project, hour, service, model and
 * provider, the counts, tokens, cost and latency of the spans that started in that hour.
 *
 * <p>A span's hour is the hour of its start <em>in UTC</em>, here and nowhere else. PostgreSQL's
 * two-argument {@code date_trunc} truncates a {@code timestamptz} in the session's time zone, which
 * the JDBC driver takes from the JVM; a writer in a half-hour zone such as Asia/Kolkata would then
 * write buckets at half past the hour that analytics and repricing (which read and rebuild whole
 * UTC hours) do not line up with.
 */
public final class HourlyRollups {

  /** The hour bucket of a span row. */
  private static final String HOUR_OF_START = "date_trunc('hour', start_time, 'UTC')";

  /**
   * Aggregates span rows and adds them to their buckets, in key order so that two writers lock rows
   * in the same order and cannot deadlock. {@code %1$s} is the source of span rows, {@code %2$s}
   * its condition.
   */
  private static final String ADD =
      """
      INSERT INTO span_rollups_hourly AS r (project_id, hour, service_name, model, provider,
          span_count, llm_span_count, error_count, degraded_count, prompt_tokens, completion_tokens,
          cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd, unpriced_count,
          latency_ms_sum, latency_ms_max)
      SELECT project_id, HOUR_OF_START, service_name, coalesce(model, ''),
             coalesce(provider, ''), count(*), count(*) FILTER (WHERE is_llm),
             count(*) FILTER (WHERE status = 'error'), count(*) FILTER (WHERE status = 'degraded'),
             coalesce(sum(prompt_tokens), 0), coalesce(sum(completion_tokens), 0),
             coalesce(sum(cache_read_tokens), 0), coalesce(sum(cache_write_tokens), 0),
             coalesce(sum(reasoning_tokens), 0), coalesce(sum(cost_usd), 0),
             count(*) FILTER (WHERE unpriced), sum(latency_ms), max(latency_ms)
      FROM %1$s
      %2$s
      GROUP BY 1, 2, 3, 4, 5
      ORDER BY 1, 2, 3, 4, 5
      ON CONFLICT (project_id, hour, service_name, model, provider) DO UPDATE SET
        span_count = r.span_count + excluded.span_count,
        llm_span_count = r.llm_span_count + excluded.llm_span_count,
        error_count = r.error_count + excluded.error_count,
        degraded_count = r.degraded_count + excluded.degraded_count,
        prompt_tokens = r.prompt_tokens + excluded.prompt_tokens,
        completion_tokens = r.completion_tokens + excluded.completion_tokens,
        cache_read_tokens = r.cache_read_tokens + excluded.cache_read_tokens,
        cache_write_tokens = r.cache_write_tokens + excluded.cache_write_tokens,
        reasoning_tokens = r.reasoning_tokens + excluded.reasoning_tokens,
        cost_usd = r.cost_usd + excluded.cost_usd,
        unpriced_count = r.unpriced_count + excluded.unpriced_count,
        latency_ms_sum = r.latency_ms_sum + excluded.latency_ms_sum,
        latency_ms_max = greatest(r.latency_ms_max, excluded.latency_ms_max)"""
          .replace("HOUR_OF_START", HOUR_OF_START);

  /**
   * Deletes the buckets of one project's hours {@code [from, to)}: parameters project, from, to.
   * With {@link #INSERT_STORED} after it, in one transaction that keeps writers out of the table,
   * it rebuilds those hours from the stored spans.
   */
  public static final String DELETE_HOURS =
      "DELETE FROM span_rollups_hourly WHERE project_id = ? AND hour >= ? AND hour < ?";

  /**
   * Adds every stored span of one project that started in {@code [from, to)} (whole UTC hours):
   * parameters project, from, to.
   */
  public static final String INSERT_STORED =
      ADD.formatted("spans", "WHERE project_id = ? AND start_time >= ? AND start_time < ?");

  /**
   * Counts one stored span that turned degraded in its bucket: parameters project, the span's start
   * (timestamptz), service, model ({@code ""} for none), provider ({@code ""} for none).
   */
  public static final String COUNT_DEGRADED =
      """
      UPDATE span_rollups_hourly SET degraded_count = degraded_count + 1
      WHERE project_id = ? AND hour = date_trunc('hour', ?::timestamptz, 'UTC')
        AND service_name = ? AND model = ? AND provider = ?""";

  private HourlyRollups() {}

  /**
   * The statement that adds the span rows of {@code relation} (a common table expression of newly
   * stored spans with at least {@link TraceSummaries#SPAN_COLUMNS}) to their buckets.
   */
  public static String addSpansOf(String relation) {
    return ADD.formatted(relation, "");
  }
}
