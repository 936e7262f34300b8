-- Query API (docs/api.md), on top of the worker's V20 indexes:
-- 1. attr.<key>=<value> tests span AND resource attributes by containment; without a GIN index on
--    resource_attributes the OR of both forces a sequential scan of every span partition.
-- 2. sort=cost on the trace list orders by coalesce(cost_usd, -1) (unpriced last, never null, so the
--    keyset cursor comparison works) with trace_id as tie-breaker: this index serves that order.
CREATE INDEX spans_resource_attributes_idx ON spans USING gin (resource_attributes jsonb_path_ops);
CREATE INDEX traces_project_cost_key_idx ON traces (project_id, (coalesce(cost_usd, -1)) DESC, trace_id DESC);
