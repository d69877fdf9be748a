-- Up Migration
-- W1: widget keys (pk_live_). As for API keys (T3) only HMAC-SHA256(pepper, full key) is kept, with the pepper
-- that made it; the plaintext is returned once at creation and stored nowhere. The allowlist (W2) is kept
-- normalised (lowercase, punycode, no trailing dot), as src/widget/allowlist.ts writes it; empty blocks the key.
-- agent_id has no foreign key on purpose: deleting a pinned agent must not silently unpin the key (which would
-- widen what it may reach); a key pinned to an agent that is gone answers 404 instead (W4).
CREATE TABLE widget_keys (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name             text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  key_hash         bytea NOT NULL UNIQUE,
  pepper_version   text NOT NULL,
  last8            text NOT NULL,
  domain_allowlist text[] NOT NULL DEFAULT '{}',
  agent_id         text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  last_used_at     timestamptz,
  disabled_at      timestamptz
);
CREATE INDEX widget_keys_created_at ON widget_keys (created_at DESC);

-- Down Migration
DROP TABLE widget_keys;
