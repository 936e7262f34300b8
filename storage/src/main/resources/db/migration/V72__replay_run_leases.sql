-- A replay run executes under a lease: the engine that claims it writes lease_owner and lease_until
-- and renews the lease while it runs; another engine takes a queued or running run over only when
-- the lease is absent or expired, so two replicas never call a provider for the same items
-- (docs/replay.md).
ALTER TABLE replay_runs
    ADD COLUMN lease_owner text,
    ADD COLUMN lease_until timestamptz;
