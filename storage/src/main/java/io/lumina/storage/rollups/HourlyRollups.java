package io.lumina.storage.rollups;

import io.lumina.model.UnpricedReason;
import java.util.StringJoiner;

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
  static final String HOUR_OF_START = "date_trunc('hour', start_time, 'UTC')";

  /**
   * Aggregates span rows and adds them to their buckets, in key order so that two writers lock rows
   * in the same order and cannot deadlock. {@code %1$s} is the source of span rows, {@code %2$s}
   * its condition. Every span counts in the span, error and latency measures; only counted spans
   * ({@link CountedSpans}) in the LLM call count, tokens, cost and unpriced counts.
   */
  private static final String ADD =
      """
      INSERT INTO span_rollups_hourly AS r (project_id, hour, service_name, model, provider,
          span_count, llm_span_count, error_count, degraded_count, prompt_tokens, completion_tokens,
          cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd, unpriced_count,
          REASON_COLUMNS, latency_ms_sum, latency_ms_max)
      SELECT project_id, HOUR_OF_START, service_name, BUCKET_MODEL, BUCKET_PROVIDER, count(*),
             count(*) FILTER (WHERE is_llm AND COUNTED),
             count(*) FILTER (WHERE status = 'error'), count(*) FILTER (WHERE status = 'degraded'),
             coalesce(sum(prompt_tokens) FILTER (WHERE COUNTED), 0),
             coalesce(sum(completion_tokens) FILTER (WHERE COUNTED), 0),
             coalesce(sum(cache_read_tokens) FILTER (WHERE COUNTED), 0),
             coalesce(sum(cache_write_tokens) FILTER (WHERE COUNTED), 0),
             coalesce(sum(reasoning_tokens) FILTER (WHERE COUNTED), 0),
             coalesce(sum(cost_usd) FILTER (WHERE COUNTED), 0),
             count(*) FILTER (WHERE unpriced AND COUNTED), REASON_COUNTS,
             sum(latency_ms), max(latency_ms)
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
        REASON_UPDATES,
        latency_ms_sum = r.latency_ms_sum + excluded.latency_ms_sum,
        latency_ms_max = greatest(r.latency_ms_max, excluded.latency_ms_max)"""
          .replace("REASON_COLUMNS", forEachReason("%1$s", ", "))
          .replace(
              "REASON_COUNTS",
              forEachReason(
                  "count(*) FILTER (WHERE unpriced_reason = '%2$s' AND COUNTED)", ",\n       "))
          .replace("REASON_UPDATES", forEachReason("%1$s = r.%1$s + excluded.%1$s", ",\n  "))
          .replace("HOUR_OF_START", HOUR_OF_START)
          .replace("BUCKET_MODEL", bucketModel(""))
          .replace("BUCKET_PROVIDER", bucketProvider(""))
          .replace("COUNTED", CountedSpans.condition(""));

  /**
   * Adds every stored span of one project that started in {@code [from, to)} (whole UTC hours):
   * parameters project, from, to.
   */
  public static final String INSERT_STORED =
      ADD.formatted("spans", "WHERE project_id = ? AND start_time >= ? AND start_time < ?");

  /**
   * The bucket of a span row, as {@link #ADD} chooses it, for a query over {@code spans}: columns
   * {@code bucket_hour}, {@code bucket_service}, {@code bucket_model}, {@code bucket_provider}, and
   * {@code counted} (whether its usage and cost count, {@link CountedSpans}).
   */
  public static final String BUCKET_COLUMNS =
      (HOUR_OF_START
          + " AS bucket_hour, service_name AS bucket_service, "
          + bucketModel("")
          + " AS bucket_model, "
          + bucketProvider("")
          + " AS bucket_provider, "
          + CountedSpans.condition("")
          + " AS counted");

  /**
   * Adds a change of cost to one bucket: parameters cost delta, unpriced count delta, one delta per
   * {@link UnpricedReason} in declaration order, then project, hour, service, model, provider. An
   * increment, as writers add, so a bucket that a writer adds to meanwhile (it waits for the row
   * lock) loses neither change: re-pricing locks only the buckets whose spans changed.
   */
  public static final String ADD_COST_CHANGE =
      """
      UPDATE span_rollups_hourly SET cost_usd = cost_usd + ?, unpriced_count = unpriced_count + ?,
        REASON_DELTAS
      WHERE project_id = ? AND hour = ? AND service_name = ? AND model = ? AND provider = ?"""
          .replace("REASON_DELTAS", forEachReason("%1$s = %1$s + ?", ",\n  "));

  /**
   * Counts one stored span that turned degraded in its bucket: parameters project, trace id, span
   * id, the span's start (timestamptz). The bucket is found from the stored span, as {@link #ADD}
   * chose it.
   */
  public static final String COUNT_DEGRADED =
      """
      UPDATE span_rollups_hourly r SET degraded_count = r.degraded_count + 1
      FROM spans
      WHERE spans.project_id = ? AND spans.trace_id = ? AND spans.span_id = ? AND spans.start_time = ?
        AND r.project_id = spans.project_id AND r.hour = HOUR_OF_START
        AND r.service_name = spans.service_name AND r.model = BUCKET_MODEL
        AND r.provider = BUCKET_PROVIDER"""
          .replace("HOUR_OF_START", HOUR_OF_START.replace("start_time", "spans.start_time"))
          .replace("BUCKET_MODEL", bucketModel("spans"))
          .replace("BUCKET_PROVIDER", bucketProvider("spans"));

  private HourlyRollups() {}

  /**
   * The statement that adds the span rows of {@code relation} (a common table expression of newly
   * stored spans with at least {@link TraceSummaries#SPAN_COLUMNS}) to their buckets.
   */
  public static String addSpansOf(String relation) {
    return ADD.formatted(relation, "");
  }

  /**
   * The model of a span row's bucket: only counted spans are listed under theirs; the rest
   * (aggregates, spans that are no LLM call) under {@code ''}, so that a call is never listed under
   * two models, and a model's bucket holds its calls only.
   */
  static String bucketModel(String alias) {
    return "coalesce(" + CountedSpans.model(alias) + ", '')";
  }

  /** The provider of a span row's bucket, as {@link #bucketModel}. */
  static String bucketProvider(String alias) {
    return "coalesce(" + CountedSpans.provider(alias) + ", '')";
  }

  /**
   * The rollup column counting the counted calls left unpriced for {@code reason}: {@code
   * unpriced_<wire name>}.
   */
  public static String unpricedColumn(UnpricedReason reason) {
    return "unpriced_" + reason.wireName();
  }

  /**
   * {@code format} for every {@link UnpricedReason}, joined: {@code %1$s} is the reason's rollup
   * column, {@code %2$s} its wire name.
   */
  public static String forEachReason(String format, String separator) {
    StringJoiner out = new StringJoiner(separator);
    for (UnpricedReason reason : UnpricedReason.values()) {
      out.add(format.formatted(unpricedColumn(reason), reason.wireName()));
    }
    return out.toString();
  }
}
