-- Lumina core schema: projects, spans (partitioned by day), trace summaries, hourly rollups.
-- Every row carries its project from the start, so multi-project security needs no data migration.

CREATE TABLE projects (
    id          text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
    name        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO projects (id, name) VALUES ('default', 'Default project');

-- One row per span. Ids are lower-case hex. Times keep OTLP's nanoseconds next to the timestamptz
-- used for partitioning and range filters.
CREATE TABLE spans (
    project_id            text        NOT NULL,
    trace_id              text        NOT NULL,
    span_id               text        NOT NULL,
    parent_span_id        text,
    name                  text        NOT NULL,
    kind                  smallint    NOT NULL DEFAULT 0,
    service_name          text        NOT NULL,
    scope_name            text,
    start_time            timestamptz NOT NULL,
    start_time_unix_nano  bigint      NOT NULL,
    end_time_unix_nano    bigint      NOT NULL,
    latency_ms            double precision NOT NULL,
    status                text        NOT NULL CHECK (status IN ('ok', 'error', 'degraded')),
    status_message        text,
    is_llm                boolean     NOT NULL DEFAULT false,
    model                 text,
    provider              text,
    prompt_tokens         bigint,
    completion_tokens     bigint,
    total_tokens          bigint,
    cache_read_tokens     bigint,
    cache_write_tokens    bigint,
    reasoning_tokens      bigint,
    cost_usd              numeric(20, 10),
    pricing_source        text        NOT NULL DEFAULT 'NONE',
    unpriced              boolean     NOT NULL DEFAULT false,
    catalog_version       text,
    prompt                text,
    response              text,
    input_messages        jsonb,
    system_prompt         text,
    temperature           double precision,
    max_tokens            bigint,
    user_id               text,
    session_id            text,
    attributes            jsonb       NOT NULL DEFAULT '{}'::jsonb,
    resource_attributes   jsonb       NOT NULL DEFAULT '{}'::jsonb,
    events                jsonb,
    links                 jsonb,
    received_at           timestamptz NOT NULL,
    stored_at             timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, trace_id, span_id, start_time)
) PARTITION BY RANGE (start_time);

CREATE INDEX spans_project_start_idx   ON spans (project_id, start_time DESC);
CREATE INDEX spans_project_trace_idx   ON spans (project_id, trace_id);
CREATE INDEX spans_project_model_idx   ON spans (project_id, model, start_time DESC) WHERE is_llm;
CREATE INDEX spans_project_service_idx ON spans (project_id, service_name, start_time DESC);
CREATE INDEX spans_attributes_idx      ON spans USING gin (attributes jsonb_path_ops);

-- Creates the day partition holding `day` if it does not exist. Serialized by an advisory lock so
-- that workers creating the same partition at once do not collide.
CREATE FUNCTION lumina_ensure_span_partition(day date) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    partition_name text := 'spans_p' || to_char(day, 'YYYYMMDD');
BEGIN
    IF to_regclass(partition_name) IS NOT NULL THEN
        RETURN partition_name;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('lumina_span_partitions'));
    IF to_regclass(partition_name) IS NULL THEN
        EXECUTE format('CREATE TABLE %I PARTITION OF spans FOR VALUES FROM (%L) TO (%L)',
                       partition_name, day::timestamp AT TIME ZONE 'UTC',
                       (day + 1)::timestamp AT TIME ZONE 'UTC');
    END IF;
    RETURN partition_name;
END;
$$;

-- Per-trace summary, recomputed from the trace's spans whenever a batch touches it, so spans may
-- arrive in any order and redeliveries change nothing.
CREATE TABLE traces (
    project_id         text        NOT NULL,
    trace_id           text        NOT NULL,
    start_time         timestamptz NOT NULL,
    end_time           timestamptz NOT NULL,
    duration_ms        double precision NOT NULL,
    root_span_id       text,
    root_name          text,
    service_name       text,
    span_count         integer     NOT NULL,
    llm_span_count     integer     NOT NULL,
    prompt_tokens      bigint,
    completion_tokens  bigint,
    total_tokens       bigint,
    cost_usd           numeric(20, 10),
    unpriced_spans     integer     NOT NULL DEFAULT 0,
    status             text        NOT NULL CHECK (status IN ('ok', 'error', 'degraded')),
    models             text[]      NOT NULL DEFAULT '{}',
    user_id            text,
    session_id         text,
    updated_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, trace_id)
);
CREATE INDEX traces_project_start_idx ON traces (project_id, start_time DESC, trace_id);
CREATE INDEX traces_project_cost_idx  ON traces (project_id, cost_usd DESC NULLS LAST);

-- Hourly rollups by project, service, model and provider: what analytics read instead of raw spans.
-- Only spans newly inserted are added, so redelivered batches do not count twice.
CREATE TABLE span_rollups_hourly (
    project_id          text        NOT NULL,
    hour                timestamptz NOT NULL,
    service_name        text        NOT NULL,
    model               text        NOT NULL DEFAULT '',
    provider            text        NOT NULL DEFAULT '',
    span_count          bigint      NOT NULL DEFAULT 0,
    llm_span_count      bigint      NOT NULL DEFAULT 0,
    error_count         bigint      NOT NULL DEFAULT 0,
    degraded_count      bigint      NOT NULL DEFAULT 0,
    prompt_tokens       bigint      NOT NULL DEFAULT 0,
    completion_tokens   bigint      NOT NULL DEFAULT 0,
    cache_read_tokens   bigint      NOT NULL DEFAULT 0,
    cache_write_tokens  bigint      NOT NULL DEFAULT 0,
    reasoning_tokens    bigint      NOT NULL DEFAULT 0,
    cost_usd            numeric(24, 10) NOT NULL DEFAULT 0,
    unpriced_count      bigint      NOT NULL DEFAULT 0,
    latency_ms_sum      double precision NOT NULL DEFAULT 0,
    latency_ms_max      double precision NOT NULL DEFAULT 0,
    PRIMARY KEY (project_id, hour, service_name, model, provider)
);
