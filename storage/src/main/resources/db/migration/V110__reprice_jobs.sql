-- Re-pricing runs as a job: the request records it here and answers at once; a query-api instance
-- claims it under a lease (lease_owner, lease_until), re-prices one chunk of hours per transaction
-- and records the chunk's progress in that same transaction, so a job whose instance died resumes
-- in another instance at the first chunk not done once the lease has ended (docs/pricing.md).
CREATE TABLE reprice_jobs (
    id              text        PRIMARY KEY CHECK (id ~ '^rpj_[0-9a-f]{16}$'),
    project_id      text        NOT NULL,
    range_from      timestamptz NOT NULL,
    range_to        timestamptz NOT NULL,
    chunk_seconds   bigint      NOT NULL CHECK (chunk_seconds > 0 AND chunk_seconds % 3600 = 0),
    status          text        NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    chunks_total    integer     NOT NULL CHECK (chunks_total > 0),
    chunks_done     integer     NOT NULL DEFAULT 0,
    spans_examined  bigint      NOT NULL DEFAULT 0,
    spans_repriced  bigint      NOT NULL DEFAULT 0,
    traces_updated  bigint      NOT NULL DEFAULT 0,
    catalog_version text,
    error           text,
    created_at      timestamptz NOT NULL,
    started_at      timestamptz,
    finished_at     timestamptz,
    lease_owner     text,
    lease_until     timestamptz,
    CHECK (range_from < range_to),
    CHECK (chunks_done BETWEEN 0 AND chunks_total)
);

-- one unfinished job per project: a second request is answered 409 with the running job
CREATE UNIQUE INDEX reprice_jobs_one_unfinished_per_project
    ON reprice_jobs (project_id) WHERE status IN ('queued', 'running');

CREATE INDEX reprice_jobs_project_created ON reprice_jobs (project_id, created_at DESC);
