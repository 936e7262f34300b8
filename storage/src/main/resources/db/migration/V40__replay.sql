-- Replay engine (SPEC section 8): sets of captured LLM calls, runs that replay them against another
-- prompt or model, and one result per (run, item). Items copy everything a replay needs from the span,
-- so dropping span partitions (retention) never breaks a set. Every row carries its project.

-- Ids are prefixed random hex ('replay_' for sets as in the seed's 'replay_001', 'run_' for runs), so
-- an id says what it names in logs, URLs and support tickets.
CREATE TABLE replay_sets (
    id          text        PRIMARY KEY CHECK (id ~ '^replay_[0-9a-f]{16}$'),
    project_id  text        NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    filters     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    item_count  integer     NOT NULL CHECK (item_count >= 0),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX replay_sets_project_created_idx ON replay_sets (project_id, created_at DESC);

CREATE TABLE replay_items (
    set_id             text        NOT NULL REFERENCES replay_sets (id) ON DELETE CASCADE,
    position           integer     NOT NULL CHECK (position >= 0),
    project_id         text        NOT NULL,
    trace_id           text        NOT NULL,
    span_id            text        NOT NULL,
    service_name       text        NOT NULL,
    span_name          text        NOT NULL,
    start_time         timestamptz NOT NULL,
    model              text,
    provider           text,
    prompt             text,
    input_messages     jsonb,
    system_prompt      text,
    temperature        double precision,
    max_tokens         bigint,
    response           text,
    status             text        NOT NULL,
    prompt_tokens      bigint,
    completion_tokens  bigint,
    cost_usd           numeric(20, 10),
    latency_ms         double precision NOT NULL,
    PRIMARY KEY (set_id, position)
);

-- status: queued -> running -> completed | cancelled | failed; a run found queued or running when the
-- service starts is resumed (items that already have a result are not called again).
CREATE TABLE replay_runs (
    id              text        PRIMARY KEY CHECK (id ~ '^run_[0-9a-f]{16}$'),
    project_id      text        NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    set_id          text        NOT NULL REFERENCES replay_sets (id) ON DELETE CASCADE,
    status          text        NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'cancelled', 'failed')),
    provider        text        NOT NULL,
    model           text,
    system_prompt   text,
    prompt_template text,
    temperature     double precision,
    max_tokens      bigint,
    scorer          text        NOT NULL,
    total           integer     NOT NULL CHECK (total >= 0),
    resumed_count   integer     NOT NULL DEFAULT 0,
    error           text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    started_at      timestamptz,
    finished_at     timestamptz
);
CREATE INDEX replay_runs_project_set_idx ON replay_runs (project_id, set_id, created_at DESC);
CREATE INDEX replay_runs_unfinished_idx ON replay_runs (status) WHERE status IN ('queued', 'running');

-- One row per attempted item. status ok | error | timeout | rate_limited; the original's figures are
-- in replay_items, so deltas are computed at read time and never go stale.
CREATE TABLE replay_results (
    run_id             text        NOT NULL REFERENCES replay_runs (id) ON DELETE CASCADE,
    position           integer     NOT NULL,
    project_id         text        NOT NULL,
    status             text        NOT NULL CHECK (status IN ('ok', 'error', 'timeout', 'rate_limited')),
    model              text,
    response           text,
    prompt_tokens      bigint,
    completion_tokens  bigint,
    cost_usd           numeric(20, 10),
    pricing_source     text        NOT NULL DEFAULT 'NONE',
    latency_ms         double precision,
    similarity         double precision CHECK (similarity BETWEEN 0 AND 1),
    exact_match        boolean,
    attempts           integer     NOT NULL DEFAULT 1,
    http_status        integer,
    error              text,
    finished_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, position)
);
