package io.lumina.storage.rollups;

/**
 * Every statement that writes {@code traces}, the per-trace summaries (root span, services, start,
 * duration, counts, tokens, cost, worst status, models, user, session and resource attributes)
 * derived from the trace's spans.
 *
 * <p>The merge is commutative: spans may arrive in any order, in any batch, on any replica, and the
 * summary ends up the same (see V20__worker_storage.sql).
 */
public final class TraceSummaries {

  /**
   * The span columns that {@link #mergeSpansOf} and {@link HourlyRollups#addSpansOf} read: the
   * relation handed to them must have at least these.
   */
  public static final String SPAN_COLUMNS =
      """
      project_id, trace_id, span_id, parent_span_id, name, service_name, start_time,
      start_time_unix_nano, end_time_unix_nano, model, provider, is_llm, status, prompt_tokens,
      completion_tokens, total_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens,
      cost_usd, unpriced, unpriced_reason, usage_role, latency_ms, user_id, session_id,
      resource_attributes""";

  /**
   * The incoming root candidate wins when it ranks before the stored one: a span without parent
   * first, then the earlier start, then the smaller span id (a total order, so the merge commutes).
   */
  private static final String ROOT_WINS =
      "(NOT excluded.root_parentless, excluded.root_start_unix_nano, excluded.root_span_id)"
          + " < (NOT t.root_parentless, t.root_start_unix_nano, t.root_span_id)";

  /**
   * Summarizes span rows per trace and merges them into the stored summaries, in key order so that
   * two writers lock rows in the same order and cannot deadlock. {@code %s} is the relation. The
   * shape (root, times, span count, status, user) comes from every span; the LLM call count,
   * tokens, cost, unpriced count, models and providers from counted spans only ({@link
   * CountedSpans}). The resource attributes are summarized and merged by the functions of
   * V120__trace_resources.sql, which the migration's back-fill uses too.
   */
  private static final String MERGE =
      """
      INSERT INTO traces AS t (project_id, trace_id, start_time, end_time, start_unix_nano,
          end_unix_nano, duration_ms, root_span_id, root_name, service_name, root_parentless,
          root_start_unix_nano, span_count, llm_span_count, prompt_tokens, completion_tokens,
          total_tokens, cost_usd, unpriced_spans, status, models, providers, user_id, session_id,
          resources, updated_at)
      SELECT project_id, trace_id, min(start_time),
             to_timestamp(max(end_time_unix_nano) / 1e9),
             min(start_time_unix_nano), max(end_time_unix_nano),
             (max(end_time_unix_nano) - min(start_time_unix_nano)) / 1e6,
             (array_agg(span_id ORDER BY parent_span_id IS NOT NULL, start_time_unix_nano, span_id))[1],
             (array_agg(name ORDER BY parent_span_id IS NOT NULL, start_time_unix_nano, span_id))[1],
             (array_agg(service_name ORDER BY parent_span_id IS NOT NULL, start_time_unix_nano, span_id))[1],
             bool_or(parent_span_id IS NULL),
             (array_agg(start_time_unix_nano ORDER BY parent_span_id IS NOT NULL, start_time_unix_nano, span_id))[1],
             count(*), count(*) FILTER (WHERE is_llm AND COUNTED),
             sum(prompt_tokens) FILTER (WHERE COUNTED), sum(completion_tokens) FILTER (WHERE COUNTED),
             sum(total_tokens) FILTER (WHERE COUNTED), sum(cost_usd) FILTER (WHERE COUNTED),
             count(*) FILTER (WHERE unpriced AND COUNTED),
             CASE WHEN bool_or(status = 'error') THEN 'error'
                  WHEN bool_or(status = 'degraded') THEN 'degraded' ELSE 'ok' END,
             coalesce(array_agg(DISTINCT model ORDER BY model) FILTER (WHERE model IS NOT NULL AND COUNTED), '{}'),
             coalesce(array_agg(DISTINCT provider ORDER BY provider) FILTER (WHERE provider IS NOT NULL AND COUNTED), '{}'),
             (array_agg(user_id ORDER BY start_time_unix_nano, span_id) FILTER (WHERE user_id IS NOT NULL))[1],
             (array_agg(session_id ORDER BY start_time_unix_nano, span_id) FILTER (WHERE session_id IS NOT NULL))[1],
             lumina_trace_resources(array_agg(DISTINCT resource_attributes)
                                    FILTER (WHERE resource_attributes <> '{}'::jsonb)),
             now()
      FROM %s
      GROUP BY project_id, trace_id
      ORDER BY project_id, trace_id
      ON CONFLICT (project_id, trace_id) DO UPDATE SET
        start_time = least(t.start_time, excluded.start_time),
        end_time = greatest(t.end_time, excluded.end_time),
        start_unix_nano = least(t.start_unix_nano, excluded.start_unix_nano),
        end_unix_nano = greatest(t.end_unix_nano, excluded.end_unix_nano),
        duration_ms = (greatest(t.end_unix_nano, excluded.end_unix_nano)
                       - least(t.start_unix_nano, excluded.start_unix_nano)) / 1e6,
        root_span_id = CASE WHEN ROOT_WINS THEN excluded.root_span_id ELSE t.root_span_id END,
        root_name = CASE WHEN ROOT_WINS THEN excluded.root_name ELSE t.root_name END,
        service_name = CASE WHEN ROOT_WINS THEN excluded.service_name ELSE t.service_name END,
        root_start_unix_nano = CASE WHEN ROOT_WINS THEN excluded.root_start_unix_nano ELSE t.root_start_unix_nano END,
        root_parentless = t.root_parentless OR excluded.root_parentless,
        span_count = t.span_count + excluded.span_count,
        llm_span_count = t.llm_span_count + excluded.llm_span_count,
        prompt_tokens = coalesce(t.prompt_tokens + excluded.prompt_tokens, t.prompt_tokens, excluded.prompt_tokens),
        completion_tokens = coalesce(t.completion_tokens + excluded.completion_tokens, t.completion_tokens,
                                     excluded.completion_tokens),
        total_tokens = coalesce(t.total_tokens + excluded.total_tokens, t.total_tokens, excluded.total_tokens),
        cost_usd = coalesce(t.cost_usd + excluded.cost_usd, t.cost_usd, excluded.cost_usd),
        unpriced_spans = t.unpriced_spans + excluded.unpriced_spans,
        status = CASE WHEN 'error' IN (t.status, excluded.status) THEN 'error'
                      WHEN 'degraded' IN (t.status, excluded.status) THEN 'degraded' ELSE 'ok' END,
        models = ARRAY(SELECT DISTINCT m FROM unnest(t.models || excluded.models) m ORDER BY m),
        providers = ARRAY(SELECT DISTINCT p FROM unnest(t.providers || excluded.providers) p ORDER BY p),
        user_id = coalesce(t.user_id, excluded.user_id),
        session_id = coalesce(t.session_id, excluded.session_id),
        resources = lumina_merge_trace_resources(t.resources, excluded.resources),
        updated_at = excluded.updated_at"""
          .replace("ROOT_WINS", ROOT_WINS)
          .replace("COUNTED", CountedSpans.condition(""));

  /**
   * Sets the cost and unpriced count of some traces of a project again from their stored spans
   * (counted ones, as the merge adds them), after the spans were re-priced: parameters project, the
   * trace ids (a text array), project.
   */
  public static final String RECOMPUTE_COSTS =
      """
      UPDATE traces t SET cost_usd = x.cost_usd, unpriced_spans = x.unpriced_spans, updated_at = now()
      FROM (SELECT trace_id, sum(cost_usd) FILTER (WHERE COUNTED) AS cost_usd,
                   count(*) FILTER (WHERE unpriced AND COUNTED) AS unpriced_spans
            FROM spans WHERE project_id = ? AND trace_id = ANY (?) GROUP BY trace_id) x
      WHERE t.project_id = ? AND t.trace_id = x.trace_id"""
          .replace("COUNTED", CountedSpans.condition(""));

  /**
   * Locks some traces' summaries of a project, in trace order, before {@link #RECOMPUTE_COSTS}:
   * parameters project, trace ids (text[]). Once the lock is held, every writer that merged into
   * one of them has committed, so the recomputation (a later statement, a later snapshot) sees its
   * spans; a writer that merges later adds its own spans to the recomputed cost.
   */
  public static final String LOCK_TRACES =
      """
      SELECT trace_id FROM traces WHERE project_id = ? AND trace_id = ANY (?)
      ORDER BY trace_id FOR UPDATE""";

  /**
   * Marks a trace degraded after one of its spans turned degraded, unless it is already worse:
   * parameters project, trace id.
   */
  public static final String MARK_DEGRADED =
      """
      UPDATE traces SET status = 'degraded', updated_at = now()
      WHERE project_id = ? AND trace_id = ? AND status = 'ok'""";

  private TraceSummaries() {}

  /**
   * The statement that merges the span rows of {@code relation} (a common table expression of newly
   * stored spans with at least {@link #SPAN_COLUMNS}) into their traces' summaries.
   */
  public static String mergeSpansOf(String relation) {
    return MERGE.formatted(relation);
  }
}
