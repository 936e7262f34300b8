-- The span queue of the all-in-one mode, when no NATS server is configured: the same contract as the
-- JetStream stream (durable once published, deduplicated by message id, redelivered until
-- acknowledged, dead letters kept with their reason), held in PostgreSQL so nothing is lost when the
-- process stops. Unused when LUMINA_NATS_URL is set.
CREATE TABLE span_queue (
    id                  bigserial   PRIMARY KEY,
    message_id          text        NOT NULL UNIQUE,
    project_id          text        NOT NULL,
    received_at_millis  bigint      NOT NULL,
    payload             bytea       NOT NULL,
    deliveries          integer     NOT NULL DEFAULT 0,
    visible_at          timestamptz NOT NULL DEFAULT now(),
    dead_reason         text,
    enqueued_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX span_queue_ready_idx ON span_queue (visible_at, id) WHERE dead_reason IS NULL;
