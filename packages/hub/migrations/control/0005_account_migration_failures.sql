-- Up Migration
-- Issue 14 (A6 at scale): `kataven migrate` records, per account, why its last migration failed and when, so an
-- operator with thousands of accounts finds the ones left behind in the catalog rather than in a scrolled-away
-- terminal. Both are cleared when the account's migration next succeeds (its schema_version is then current).
ALTER TABLE accounts
  ADD COLUMN migration_error     text,
  ADD COLUMN migration_failed_at timestamptz,
  ADD CHECK ((migration_error IS NULL) = (migration_failed_at IS NULL));

-- Down Migration
ALTER TABLE accounts DROP COLUMN migration_failed_at, DROP COLUMN migration_error;
