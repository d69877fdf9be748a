-- Up Migration
-- The account catalog (SPEC A4). It holds no tenant data: every row of an account lives in its own database.
CREATE TABLE accounts (
  slug                   text PRIMARY KEY CHECK (slug ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
  database_name          text NOT NULL UNIQUE,
  cluster                text NOT NULL DEFAULT 'default',
  plan                   text NOT NULL DEFAULT 'free',
  -- 'provisioning' while A7 creates the database; such rows are invisible to authentication.
  status                 text NOT NULL DEFAULT 'provisioning' CHECK (status IN ('provisioning', 'active', 'disabled')),
  created_at             timestamptz NOT NULL DEFAULT now(),
  max_key_expiry_days    integer CHECK (max_key_expiry_days IS NULL OR max_key_expiry_days BETWEEN 1 AND 3650),
  discoverable           boolean NOT NULL DEFAULT false,
  schema_version         integer NOT NULL DEFAULT 0,
  -- R1 rate limits
  rate_per_minute        integer NOT NULL DEFAULT 60,
  rate_per_hour          integer NOT NULL DEFAULT 1000,
  rate_per_day           integer NOT NULL DEFAULT 10000,
  rate_concurrent        integer NOT NULL DEFAULT 20,
  -- L1 cost-cap ceilings
  cap_concurrent_max     integer NOT NULL DEFAULT 10,
  cap_calls_per_minute   integer NOT NULL DEFAULT 30,
  cap_daily_calls_max    integer NOT NULL DEFAULT 1000,
  cap_daily_minutes_max  integer NOT NULL DEFAULT 600
);

-- Down Migration
DROP TABLE accounts;
