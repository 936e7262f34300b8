-- Quality monitoring and alerts (SPEC section 7, docs/alerts.md).
-- 1. quality columns on spans and the per-prompt baseline responses;
-- 2. per-service thresholds below which a similarity marks a span degraded;
-- 3. alert rules, alerts (one open alert per rule: the episode), notification channels and the
--    delivery outbox the worker polls, so retries survive restarts.

-- 1. Quality -----------------------------------------------------------------------------------------
-- Filled asynchronously by the worker's quality scorer, never on the ingest path. scored_at NULL means
-- "not scored yet"; a scored span without a similarity is a first occurrence of its prompt (it became
-- the baseline) or a span whose remote scorer failed (scorer then ends in ':failed').
ALTER TABLE spans
    ADD COLUMN prompt_hash   text,
    ADD COLUMN response_hash text,
    ADD COLUMN similarity    double precision CHECK (similarity BETWEEN 0 AND 1),
    ADD COLUMN scorer        text,
    ADD COLUMN scored_at     timestamptz;

-- What the scorer polls: small, because scored rows leave it.
CREATE INDEX spans_unscored_idx ON spans (stored_at) WHERE scored_at IS NULL AND response IS NOT NULL;
-- What quality_drop rules read: similarity of a service's spans over a time range.
CREATE INDEX spans_project_service_similarity_idx ON spans (project_id, service_name, start_time)
    WHERE similarity IS NOT NULL;

-- The first response seen for a prompt is its baseline; later responses to the same prompt are scored
-- against it. Kept outside spans so retention does not forget what "normal" looked like. Like spans, it
-- has no foreign key to projects: it is derived from spans, and a span of an unregistered project must
-- not stall the scorer for everyone.
CREATE TABLE prompt_baselines (
    project_id     text        NOT NULL,
    prompt_hash    text        NOT NULL,
    service_name   text        NOT NULL,
    response       text        NOT NULL,
    response_hash  text        NOT NULL,
    trace_id       text        NOT NULL,
    span_id        text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, prompt_hash)
);

-- 2. Degraded thresholds -------------------------------------------------------------------------------
-- service_name '' is the project-wide threshold; a service's own row wins. Without a row the worker's
-- configured default (lumina.quality.degraded-below) applies.
CREATE TABLE quality_thresholds (
    project_id     text             NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    service_name   text             NOT NULL DEFAULT '',
    degraded_below double precision NOT NULL CHECK (degraded_below BETWEEN 0 AND 1),
    updated_at     timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, service_name)
);

-- 3. Alerts --------------------------------------------------------------------------------------------
CREATE TABLE alert_rules (
    id              text        PRIMARY KEY CHECK (id ~ '^rule_[0-9a-f]{16}$'),
    project_id      text        NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    service_name    text        NOT NULL CHECK (length(service_name) BETWEEN 1 AND 200),
    endpoint        text        CHECK (endpoint IS NULL OR length(endpoint) BETWEEN 1 AND 500),
    kind            text        NOT NULL CHECK (kind IN ('cost_spike', 'quality_drop', 'latency_p95', 'error_rate')),
    threshold       double precision NOT NULL CHECK (threshold > 0 AND threshold <= 1000),
    window_seconds  integer     NOT NULL CHECK (window_seconds BETWEEN 60 AND 86400),
    min_samples     integer     CHECK (min_samples IS NULL OR min_samples >= 1),
    enabled         boolean     NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
-- One rule of a kind per service (and endpoint): /api/alerts/configure upserts on it.
CREATE UNIQUE INDEX alert_rules_identity_idx ON alert_rules (project_id, service_name, kind, coalesce(endpoint, ''));

CREATE TABLE alerts (
    id                text        PRIMARY KEY CHECK (id ~ '^alert_[0-9a-f]{16}$'),
    project_id        text        NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    rule_id           text        REFERENCES alert_rules (id) ON DELETE SET NULL,
    kind              text        NOT NULL,
    service_name      text        NOT NULL,
    endpoint          text,
    status            text        NOT NULL CHECK (status IN ('firing', 'acknowledged', 'resolved')),
    baseline          double precision NOT NULL,
    current           double precision NOT NULL,
    change_pct        double precision,
    threshold         double precision NOT NULL,
    window_seconds    integer     NOT NULL,
    current_samples   bigint      NOT NULL,
    baseline_samples  bigint      NOT NULL,
    title             text        NOT NULL,
    summary           text        NOT NULL,
    fired_at          timestamptz NOT NULL,
    last_evaluated_at timestamptz NOT NULL,
    acknowledged_at   timestamptz,
    resolved_at       timestamptz,
    resolved_by       text        CHECK (resolved_by IS NULL OR resolved_by IN ('evaluator', 'api'))
);
-- The episode: while a rule's alert is open no second one can exist, even if two evaluators raced.
CREATE UNIQUE INDEX alerts_open_per_rule_idx ON alerts (rule_id) WHERE status <> 'resolved';
CREATE INDEX alerts_project_fired_idx ON alerts (project_id, fired_at DESC);

CREATE TABLE notification_channels (
    id          text        PRIMARY KEY CHECK (id ~ '^wh_[0-9a-f]{16}$'),
    project_id  text        NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    type        text        NOT NULL CHECK (type IN ('webhook', 'slack', 'pagerduty')),
    url         text        NOT NULL CHECK (url ~ '^https?://'),
    -- webhook: the HMAC-SHA256 key; pagerduty: the routing key. Write-only through the API.
    secret      text,
    services    text[]      NOT NULL DEFAULT '{}',
    enabled     boolean     NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notification_channels_project_idx ON notification_channels (project_id);

-- The outbox: written in the evaluator's transaction with the alert, sent by whichever worker leases it.
CREATE TABLE alert_deliveries (
    id               bigserial   PRIMARY KEY,
    project_id       text        NOT NULL,
    alert_id         text        NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    channel_id       text        NOT NULL REFERENCES notification_channels (id) ON DELETE CASCADE,
    event            text        NOT NULL CHECK (event IN ('trigger', 'resolve')),
    status           text        NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    last_attempt_at  timestamptz,
    last_status_code integer,
    last_error       text,
    delivered_at     timestamptz,
    created_at       timestamptz NOT NULL,
    UNIQUE (alert_id, channel_id, event)
);
CREATE INDEX alert_deliveries_due_idx ON alert_deliveries (next_attempt_at) WHERE status = 'pending';
