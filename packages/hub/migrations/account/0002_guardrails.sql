-- Up Migration
-- Issue 4: per-key rate sub-limits (R1), the audit trail (AU1), agent fields, and the admin-only stores (O2).

-- R1: optional sub-limits of one key, under the account's own limits; null = none.
ALTER TABLE api_keys
  ADD COLUMN rate_per_minute integer CHECK (rate_per_minute IS NULL OR rate_per_minute >= 0),
  ADD COLUMN rate_per_hour   integer CHECK (rate_per_hour IS NULL OR rate_per_hour >= 0),
  ADD COLUMN rate_per_day    integer CHECK (rate_per_day IS NULL OR rate_per_day >= 0),
  ADD COLUMN rate_concurrent integer CHECK (rate_concurrent IS NULL OR rate_concurrent >= 0);

-- AU1: every authenticated request of the account. Never a token, never a body.
CREATE TABLE audit_log (
  id          bigserial PRIMARY KEY,
  at          timestamptz NOT NULL,
  request_id  text NOT NULL,
  actor       text NOT NULL,
  key_id      uuid,
  key_name    text,
  sub         text,
  method      text NOT NULL,
  route       text NOT NULL,
  status      integer NOT NULL,
  ip          text,
  user_agent  text
);
CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_key ON audit_log (key_id, at DESC, id DESC);

-- C1/W4
ALTER TABLE agents ADD COLUMN greeting_message text NOT NULL DEFAULT '';

-- L1/O2: the account's own cost caps (a tenant admin lowers them under the plan's ceilings).
CREATE TABLE call_limits (
  singleton          boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  concurrent_max     integer NOT NULL CHECK (concurrent_max >= 0),
  calls_per_minute   integer NOT NULL CHECK (calls_per_minute >= 0),
  daily_calls_max    integer NOT NULL CHECK (daily_calls_max >= 0),
  daily_minutes_max  integer NOT NULL CHECK (daily_minutes_max >= 0),
  updated_at         timestamptz NOT NULL DEFAULT now()
);

-- O2: definitions stored for later issues.
CREATE TABLE marketplace_agents (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL,
  definition  jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text NOT NULL
);
CREATE TABLE integrations (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL,
  definition  jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text NOT NULL
);

-- Down Migration
DROP TABLE integrations;
DROP TABLE marketplace_agents;
DROP TABLE call_limits;
ALTER TABLE agents DROP COLUMN greeting_message;
DROP TABLE audit_log;
ALTER TABLE api_keys DROP COLUMN rate_per_minute, DROP COLUMN rate_per_hour, DROP COLUMN rate_per_day,
  DROP COLUMN rate_concurrent;
