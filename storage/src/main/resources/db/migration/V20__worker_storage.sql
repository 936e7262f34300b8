-- Worker storage, second step (see docs/worker.md and docs/decisions/0003, 0004):
-- 1. trace summaries merged incrementally from the spans a batch newly inserted, which needs the
--    exact nanosecond bounds and the rank of the current root candidate on the summary row;
-- 2. indexes serving the query API's filters (service, model, provider, status, user, session,
--    time, cost, latency) on spans and on trace summaries;
-- 3. partition bookkeeping for retention (which day partitions exist, without parsing bounds).

-- 1. Trace summaries -------------------------------------------------------------------------------
-- A summary is a commutative merge of its spans: min start, max end, sums, worst status, and the
-- root candidate with the smallest (has a parent, start, span id). Merging only newly inserted spans
-- makes redeliveries harmless, makes spans arriving in any order (child before root, across batches
-- and across worker replicas) converge to the same row, and avoids rescanning a trace's spans.
ALTER TABLE traces
    ADD COLUMN start_unix_nano      bigint,
    ADD COLUMN end_unix_nano        bigint,
    ADD COLUMN root_parentless      boolean NOT NULL DEFAULT false,
    ADD COLUMN root_start_unix_nano bigint,
    ADD COLUMN providers            text[]  NOT NULL DEFAULT '{}';

-- Rows written before this migration: derive what can be derived from the stored spans.
UPDATE traces t SET
    start_unix_nano = s.start_nano,
    end_unix_nano = s.end_nano,
    root_parentless = s.parentless,
    root_start_unix_nano = s.root_start,
    providers = s.providers
FROM (
    SELECT project_id, trace_id,
           min(start_time_unix_nano) AS start_nano,
           max(end_time_unix_nano) AS end_nano,
           bool_or(parent_span_id IS NULL) AS parentless,
           (array_agg(start_time_unix_nano ORDER BY parent_span_id IS NOT NULL, start_time_unix_nano, span_id))[1]
               AS root_start,
           coalesce(array_agg(DISTINCT provider) FILTER (WHERE provider IS NOT NULL), '{}') AS providers
    FROM spans
    GROUP BY project_id, trace_id
) s
WHERE t.project_id = s.project_id AND t.trace_id = s.trace_id;

-- 2. Indexes for the query API ---------------------------------------------------------------------
-- On spans (partitioned: each index exists per day partition, so retention drops them with it).
-- Partial where most spans would not match, to keep ingestion cheap.
CREATE INDEX spans_project_provider_idx ON spans (project_id, provider, start_time DESC) WHERE provider IS NOT NULL;
CREATE INDEX spans_project_status_idx   ON spans (project_id, status, start_time DESC) WHERE status <> 'ok';
CREATE INDEX spans_project_user_idx     ON spans (project_id, user_id, start_time DESC) WHERE user_id IS NOT NULL;
CREATE INDEX spans_project_session_idx  ON spans (project_id, session_id, start_time DESC) WHERE session_id IS NOT NULL;
CREATE INDEX spans_project_cost_idx     ON spans (project_id, cost_usd DESC, start_time DESC) WHERE cost_usd IS NOT NULL;
CREATE INDEX spans_project_latency_idx  ON spans (project_id, latency_ms DESC, start_time DESC) WHERE is_llm;

-- On trace summaries: what /api/traces filters and sorts by without touching spans.
CREATE INDEX traces_project_service_idx  ON traces (project_id, service_name, start_time DESC);
CREATE INDEX traces_project_status_idx   ON traces (project_id, status, start_time DESC) WHERE status <> 'ok';
CREATE INDEX traces_project_user_idx     ON traces (project_id, user_id, start_time DESC) WHERE user_id IS NOT NULL;
CREATE INDEX traces_project_session_idx  ON traces (project_id, session_id, start_time DESC) WHERE session_id IS NOT NULL;
CREATE INDEX traces_project_duration_idx ON traces (project_id, duration_ms DESC);
CREATE INDEX traces_models_idx           ON traces USING gin (models);
CREATE INDEX traces_providers_idx        ON traces USING gin (providers);
-- Retention deletes summaries by age across all projects.
CREATE INDEX traces_start_idx            ON traces (start_time);

-- 3. Partitions ------------------------------------------------------------------------------------
-- The range partitions of spans with their bounds as UTC dates (read from the catalog, not from the
-- names), oldest first. Retention drops a partition only when its whole range is older than the cutoff.
CREATE FUNCTION lumina_span_partitions() RETURNS TABLE (partition_name text, from_day date, to_day date)
LANGUAGE sql STABLE AS $$
    SELECT c.relname::text,
           (substring(b.bound FROM 'FROM \(''([^'']+)''\)')::timestamptz AT TIME ZONE 'UTC')::date,
           (substring(b.bound FROM 'TO \(''([^'']+)''\)')::timestamptz AT TIME ZONE 'UTC')::date
    FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid
    CROSS JOIN LATERAL (SELECT pg_get_expr(c.relpartbound, c.oid) AS bound) b
    WHERE i.inhparent = 'spans'::regclass
      AND b.bound LIKE 'FOR VALUES FROM (''%'') TO (''%'')'
    ORDER BY 2
$$;
