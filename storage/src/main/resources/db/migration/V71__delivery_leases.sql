-- A delivery is leased by one dispatcher (lease_owner) until lease_until, which the dispatcher renews
-- while the request is in flight; delivered/failed are recorded only by the lease's owner and only
-- while the row is pending, so a delivered row never goes back (docs/alerts.md).
ALTER TABLE alert_deliveries
    ADD COLUMN lease_owner text,
    ADD COLUMN lease_until timestamptz;
