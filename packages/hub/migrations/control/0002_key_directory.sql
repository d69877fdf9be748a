-- Up Migration
-- Issue 7 item 4: the key directory. A well-formed sk_live_ key costs nothing to forge (T1's CRC32 is public), so
-- which account a key belongs to is answered here, on the control plane, before any account database is
-- touched: an unknown key is refused after this one indexed lookup, whether or not its account exists, and opens
-- no tenant pool (A5). Only HMAC-SHA256(pepper, key) is kept, as in the account databases (T3); never plaintext.
CREATE TABLE api_key_directory (
  key_hash       bytea PRIMARY KEY,
  account        text NOT NULL REFERENCES accounts (slug) ON DELETE CASCADE,
  -- Which pepper made the hash (T3), so a rotation's leftovers can be found.
  pepper_version text NOT NULL
);
CREATE INDEX api_key_directory_account ON api_key_directory (account);

-- Whether every key of the account's database is in the directory. Accounts created before this migration
-- start false and are backfilled by `kataven migrate` and at hub start; new accounts are created true (they
-- have no keys yet, and every key minted from now on is entered as it is minted).
ALTER TABLE accounts ADD COLUMN keys_indexed boolean NOT NULL DEFAULT false;

-- Down Migration
ALTER TABLE accounts DROP COLUMN keys_indexed;
DROP TABLE api_key_directory;
