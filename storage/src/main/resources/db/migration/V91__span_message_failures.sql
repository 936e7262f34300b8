-- Content failures of queued messages, counted by the worker (docs/worker.md#delivery-counts): the
-- queue's delivery count also rises on infrastructure retries, which must not spend a message's
-- budget. A row lives from a message's first content failure until it is stored or dead-lettered.
CREATE TABLE span_message_failures (
    message_id   text        PRIMARY KEY,
    failures     integer     NOT NULL,
    last_reason  text        NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now()
);
