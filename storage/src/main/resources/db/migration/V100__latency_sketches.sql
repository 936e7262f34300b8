-- Per project, hour, service, model and provider (the key of span_rollups_hourly), a mergeable DDSketch
-- of span latencies, so that latency percentiles of any window and grouping come from merging these
-- and never from scanning spans (docs/api.md, "Latency percentiles"). Two sketches per key:
-- llm_calls = false over every span, llm_calls = true over the LLM calls counted once (is_llm and
-- usage_role = 'call'). The count, sum and maximum are exact; the sketch (its compact encoding, written
-- and read by io.lumina.storage.rollups.LatencySketches) gives the quantiles within 1% relative error.
-- A row is created empty (sketch NULL) and then filled under its row lock, so two writers adding to a
-- new key cannot overwrite each other.
CREATE TABLE span_latency_sketches_hourly (
    project_id      text        NOT NULL,
    hour            timestamptz NOT NULL,
    service_name    text        NOT NULL,
    model           text        NOT NULL DEFAULT '',
    provider        text        NOT NULL DEFAULT '',
    llm_calls       boolean     NOT NULL,
    span_count      bigint      NOT NULL DEFAULT 0,
    latency_ms_sum  double precision NOT NULL DEFAULT 0,
    latency_ms_max  double precision,
    sketch          bytea,
    PRIMARY KEY (project_id, hour, service_name, model, provider, llm_calls)
);
-- retention deletes by hour across projects
CREATE INDEX span_latency_sketches_hourly_hour_idx ON span_latency_sketches_hourly (hour);
