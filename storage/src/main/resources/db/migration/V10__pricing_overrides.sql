-- Per-project model prices set through the query API; they win over the bundled catalog (SPEC 4).
-- model_pattern: a Java regular expression matched case-insensitively and in full against the
-- canonical model name (provider prefixes, Bedrock and Vertex decorations removed), date/version
-- suffixes allowed; a plain id such as 'gpt-4o' is a valid pattern. The longest matching pattern wins.
-- Prices are USD per 1M tokens; null cache prices fall back to the input price, null reasoning to
-- output (see io.lumina.pricing.TokenRates). Ceiling and cache_read <= input mirror the catalog checks.
CREATE TABLE pricing_overrides (
    project_id          text        NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    model_pattern       text        NOT NULL CHECK (length(model_pattern) BETWEEN 1 AND 200),
    input_per_1m        numeric(14, 6) NOT NULL CHECK (input_per_1m >= 0 AND input_per_1m <= 1000),
    output_per_1m       numeric(14, 6) NOT NULL CHECK (output_per_1m >= 0 AND output_per_1m <= 1000),
    cache_read_per_1m   numeric(14, 6) CHECK (cache_read_per_1m >= 0 AND cache_read_per_1m <= input_per_1m),
    cache_write_per_1m  numeric(14, 6) CHECK (cache_write_per_1m >= 0 AND cache_write_per_1m <= 1000),
    reasoning_per_1m    numeric(14, 6) CHECK (reasoning_per_1m >= 0 AND reasoning_per_1m <= 1000),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, model_pattern)
);
