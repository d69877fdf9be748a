-- Up Migration
-- C2 telephony: the account's carrier accounts (providers) and its phone numbers. No account_id column: the
-- database is the account's own (SPEC §0).

-- The id is chosen by the hub (not defaulted here) because the sealed credentials bind it as additional data
-- (secrets/secret-box.ts): the row must be known before its ciphertext can be made.
-- `credentials` is one AES-256-GCM sealed JSON object ({account_sid, auth_token} or {auth_id, auth_token});
-- nothing of it is stored in plaintext, not even which fields it has beyond what `provider` implies.
CREATE TABLE telephony_providers (
  id          uuid PRIMARY KEY,
  provider    text NOT NULL CHECK (provider IN ('twilio', 'plivo', 'vobiz')),
  name        text CHECK (name IS NULL OR char_length(name) BETWEEN 1 AND 100),
  credentials bytea NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX telephony_providers_created_at ON telephony_providers (created_at DESC, id DESC);

-- E.164: `+`, then 7 to 15 digits, the first 1-9. One row per number in the account (duplicate → 400).
-- A provider in use cannot go (RESTRICT: the API answers 409 first); deleting an agent unpins its numbers.
CREATE TABLE phone_numbers (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number           text NOT NULL UNIQUE CHECK (number ~ '^\+[1-9][0-9]{6,14}$'),
  name             text CHECK (name IS NULL OR char_length(name) BETWEEN 1 AND 100),
  provider_id      uuid NOT NULL REFERENCES telephony_providers (id) ON DELETE RESTRICT,
  agent_id         text REFERENCES agents (id) ON DELETE SET NULL,
  inbound_enabled  boolean NOT NULL DEFAULT true,
  outbound_enabled boolean NOT NULL DEFAULT true,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX phone_numbers_created_at ON phone_numbers (created_at DESC, id DESC);
CREATE INDEX phone_numbers_provider ON phone_numbers (provider_id);
CREATE INDEX phone_numbers_agent ON phone_numbers (agent_id, created_at DESC, id DESC);

-- Down Migration
DROP TABLE phone_numbers;
DROP TABLE telephony_providers;
