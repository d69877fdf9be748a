-- Up Migration
-- W7: the account's widget branding, one row. The column defaults are WIDGET_DEFAULTS.branding
-- (src/http/widget-config.ts; widget-settings.test.ts checks that the two agree), and the row exists from the
-- start, so a PATCH is one UPDATE and never races another PATCH's INSERT.
CREATE TABLE widget_branding (
  singleton         boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  primary_color     text NOT NULL DEFAULT '#2563eb' CHECK (primary_color ~ '^#[0-9a-f]{6}$'),
  accent_color      text NOT NULL DEFAULT '#1e40af' CHECK (accent_color ~ '^#[0-9a-f]{6}$'),
  logo_url          text CHECK (logo_url IS NULL OR (logo_url LIKE 'https://%' AND char_length(logo_url) <= 2048)),
  launcher_position text NOT NULL DEFAULT 'br' CHECK (launcher_position IN ('br', 'bl', 'tr', 'tl')),
  launcher_label    text NOT NULL DEFAULT 'Talk to us' CHECK (char_length(launcher_label) BETWEEN 1 AND 40),
  privacy_notice    text CHECK (privacy_notice IS NULL OR char_length(privacy_notice) <= 500),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
INSERT INTO widget_branding DEFAULT VALUES;

-- W7: per-agent widget policy, in a table of its own rather than columns of `agents`: agents already have an
-- unrelated `auth_mode` (C1, 'authenticated'), and C1's answers stay exactly as they were. No row = the defaults
-- (widget enabled, guests and users both); the row goes with its agent.
CREATE TABLE agent_widget_settings (
  agent_id       text PRIMARY KEY REFERENCES agents (id) ON DELETE CASCADE,
  widget_enabled boolean NOT NULL DEFAULT true,
  auth_mode      text NOT NULL DEFAULT 'both' CHECK (auth_mode IN ('guest', 'user', 'both')),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);

-- Issue 9 W6: a widget key's own cost caps, below the account's (L1), so a scraped pk_live_ never spends more than
-- its owner allowed it. Null = no cap of the key's own in that dimension; 0 blocks it.
ALTER TABLE widget_keys
  ADD COLUMN cap_concurrent_sessions integer CHECK (cap_concurrent_sessions >= 0),
  ADD COLUMN cap_daily_sessions      integer CHECK (cap_daily_sessions >= 0),
  ADD COLUMN cap_daily_minutes       integer CHECK (cap_daily_minutes >= 0);

-- Down Migration
ALTER TABLE widget_keys
  DROP COLUMN cap_daily_minutes,
  DROP COLUMN cap_daily_sessions,
  DROP COLUMN cap_concurrent_sessions;
DROP TABLE agent_widget_settings;
DROP TABLE widget_branding;
