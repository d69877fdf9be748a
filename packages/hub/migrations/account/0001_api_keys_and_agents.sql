-- Up Migration
-- An account database holds every row of one account and no account_id column anywhere (SPEC §0).

-- T3/K1: only HMAC-SHA256(pepper, full token) is stored, with the pepper it was made with.
CREATE TABLE api_keys (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name           text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  key_hash       bytea NOT NULL UNIQUE,
  pepper_version text NOT NULL,
  last8          text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  expires_at     timestamptz,
  last_used_at   timestamptz,
  disabled_at    timestamptz,
  created_by     text NOT NULL
);
CREATE INDEX api_keys_created_at ON api_keys (created_at DESC);

-- C1 agents, with the documented defaults.
CREATE TABLE agents (
  id             text PRIMARY KEY CHECK (id ~ '^agent_[0-9A-HJKMNP-TV-Z]{26}$'),
  name           text NOT NULL,
  status         text NOT NULL DEFAULT 'draft',
  llm_model      text NOT NULL DEFAULT 'gpt-4o',
  voice_provider text NOT NULL DEFAULT 'cartesia',
  auth_mode      text NOT NULL DEFAULT 'authenticated',
  greeting_mode  text NOT NULL DEFAULT 'interruptible',
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE agents;
DROP TABLE api_keys;
