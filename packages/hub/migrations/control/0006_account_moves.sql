-- Up Migration
-- A8 `kataven accounts move`: while an account's database is copied to another cluster its writes are frozen
-- until this instant (the control plane's clock). A deadline, not a flag: a mover that dies leaves a freeze
-- that ends on its own, and the account keeps working on its old cluster. Every instance reads it with the
-- account's catalog row (evicted from their caches through the revocation bus when it changes).
ALTER TABLE accounts ADD COLUMN frozen_until timestamptz;
-- Where the frozen account is going, for operators (and for a retried move to know what it left behind).
ALTER TABLE accounts ADD COLUMN moving_to text;
-- Placement (A8) counts accounts per cluster.
CREATE INDEX accounts_cluster ON accounts (cluster) WHERE status <> 'disabled';

-- Down Migration
DROP INDEX accounts_cluster;
ALTER TABLE accounts DROP COLUMN moving_to;
ALTER TABLE accounts DROP COLUMN frozen_until;
