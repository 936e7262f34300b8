-- Dead letters of the table-backed span queue stay in span_queue, flagged by dead_reason, until an
-- operator replays them (docs/worker.md, dead letters): when they were given up on, and a listing
-- in that order.
ALTER TABLE span_queue ADD COLUMN dead_at timestamptz;
UPDATE span_queue SET dead_at = enqueued_at WHERE dead_reason IS NOT NULL;
CREATE INDEX span_queue_dead_idx ON span_queue (id) WHERE dead_reason IS NOT NULL;
