-- Counting each LLM call once, and saying why a call has no price (docs/conventions.md "Counting each
-- call once", docs/pricing.md "Unpriced spans"):
-- 1. every span stores its usage role (none, call, aggregate) and, when unpriced, the reason;
-- 2. the hourly rollups count unpriced calls per reason, so the cost and model pages can give the advice
--    that fits without reading raw spans.
-- Both sets of names are closed sets defined once in code (io.lumina.model.UsageRole and UnpricedReason,
-- lower-case wire names); as in V62, no CHECK lists them again.

-- 1. Spans -------------------------------------------------------------------------------------------
-- The constant default makes adding the column a catalog change, not a rewrite of every row.
ALTER TABLE spans
    ADD COLUMN usage_role      text NOT NULL DEFAULT 'none',
    ADD COLUMN unpriced_reason text;

-- Rows stored before this migration keep being counted as they were: every span that reported usage is
-- a call. Their trace summaries and rollups were built counting them, and stay consistent with them;
-- they are not re-classified from their attributes (retention ages them out). Only spans with usage are
-- rewritten.
UPDATE spans SET usage_role = 'call' WHERE is_llm OR cost_usd IS NOT NULL;

-- The reason of an unpriced row follows from its stored columns, in the order the cost calculator
-- judges them: no split token counts first, then no model, else a model without a price.
UPDATE spans SET unpriced_reason =
    CASE
        WHEN prompt_tokens IS NULL AND completion_tokens IS NULL
             AND cache_read_tokens IS NULL AND cache_write_tokens IS NULL
            THEN CASE WHEN total_tokens IS NULL THEN 'no_tokens' ELSE 'only_total_tokens' END
        WHEN model IS NULL THEN 'no_model'
        ELSE 'unknown_model'
    END
WHERE unpriced;

-- 2. Rollups -----------------------------------------------------------------------------------------
-- One column per UnpricedReason (unpriced_<wire name>); HourlyRollups writes them from the enum, and a
-- test checks that every reason has its column.
ALTER TABLE span_rollups_hourly
    ADD COLUMN unpriced_no_tokens          bigint NOT NULL DEFAULT 0,
    ADD COLUMN unpriced_only_total_tokens  bigint NOT NULL DEFAULT 0,
    ADD COLUMN unpriced_no_model           bigint NOT NULL DEFAULT 0,
    ADD COLUMN unpriced_unknown_model      bigint NOT NULL DEFAULT 0;

UPDATE span_rollups_hourly r SET
    unpriced_no_tokens = s.no_tokens,
    unpriced_only_total_tokens = s.only_total_tokens,
    unpriced_no_model = s.no_model,
    unpriced_unknown_model = s.unknown_model
FROM (
    SELECT project_id, date_trunc('hour', start_time, 'UTC') AS hour, service_name,
           coalesce(model, '') AS model, coalesce(provider, '') AS provider,
           count(*) FILTER (WHERE unpriced_reason = 'no_tokens') AS no_tokens,
           count(*) FILTER (WHERE unpriced_reason = 'only_total_tokens') AS only_total_tokens,
           count(*) FILTER (WHERE unpriced_reason = 'no_model') AS no_model,
           count(*) FILTER (WHERE unpriced_reason = 'unknown_model') AS unknown_model
    FROM spans
    WHERE unpriced
    GROUP BY 1, 2, 3, 4, 5
) s
WHERE r.project_id = s.project_id AND r.hour = s.hour AND r.service_name = s.service_name
  AND r.model = s.model AND r.provider = s.provider;
