-- API keys (SPEC section 9). Keys belong to a project and carry one role. Only the SHA-256 digest of a
-- key is stored (the key itself is shown once, when it is created); key_prefix keeps its first
-- characters so a person can tell keys apart in listings without the key being recoverable.
CREATE TABLE api_keys (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    project_id    text        NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name          text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    key_prefix    text        NOT NULL,
    key_hash      bytea       NOT NULL UNIQUE CHECK (length(key_hash) = 32),
    role          text        NOT NULL CHECK (role IN ('INGEST', 'READ', 'ADMIN')),
    -- 'api' for keys created through the admin API or the CLI, 'config' for the key of
    -- lumina.security.admin-key, which every service re-asserts at start
    source        text        NOT NULL DEFAULT 'api' CHECK (source IN ('api', 'config')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz,
    revoked_at    timestamptz
);
CREATE INDEX api_keys_project_idx ON api_keys (project_id, created_at);
-- "is any key active?" decides whether authentication is on; this keeps that question cheap
CREATE INDEX api_keys_active_idx ON api_keys (id) WHERE revoked_at IS NULL;
