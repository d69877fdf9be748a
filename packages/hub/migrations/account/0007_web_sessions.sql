-- Up Migration
-- W5: visitor authentication and web sessions.

-- A web session (POST /widget/connect) is a row of `sessions` (kind 'web', no call): who started it (the widget
-- key and the visitor's `sub`, so a visitor reads and ends only their own) and the cost-cap slot it holds (L2),
-- opaque here and never shown by the API, so whichever instance ends it can give the slot back.
ALTER TABLE sessions
  ADD COLUMN widget_key_id uuid,
  ADD COLUMN visitor_sub   text,
  ADD COLUMN cap_slot      jsonb;
ALTER TABLE sessions ADD CONSTRAINT sessions_web_visitor
  CHECK (kind <> 'web' OR (widget_key_id IS NOT NULL AND visitor_sub IS NOT NULL));
-- The live web sessions of a key (ended when the key is disabled or deleted) and the overdue ones (swept).
CREATE INDEX sessions_live_web ON sessions (widget_key_id, created_at) WHERE kind = 'web' AND status = 'in-progress';

-- A user_token is single use (W5): its jti is entered here by the exchange that spends it, on whichever
-- instance, and a second exchange finds it. Kept until the token expires (it could not verify after that).
CREATE TABLE widget_user_token_uses (
  jti         uuid PRIMARY KEY,
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX widget_user_token_uses_expiry ON widget_user_token_uses (expires_at);

-- Refresh tokens (W5, OAuth 2.1 §4.3.1 for public clients): each exchange starts a chain; each refresh spends
-- one token of it and adds the next. Presenting a spent token again revokes the whole chain.
-- A chain lives as long as its newest token (expires_at); expired chains and tokens are purged
-- opportunistically (an expired token could not verify anyway, so forgetting it changes nothing).
CREATE TABLE widget_refresh_chains (
  id             uuid PRIMARY KEY,
  widget_key_id  uuid NOT NULL,
  visitor_sub    text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  expires_at     timestamptz NOT NULL,
  revoked_at     timestamptz
);
CREATE INDEX widget_refresh_chains_expiry ON widget_refresh_chains (expires_at);
CREATE TABLE widget_refresh_tokens (
  jti         uuid PRIMARY KEY,
  chain_id    uuid NOT NULL REFERENCES widget_refresh_chains (id) ON DELETE CASCADE,
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz
);
CREATE INDEX widget_refresh_tokens_chain ON widget_refresh_tokens (chain_id);
CREATE INDEX widget_refresh_tokens_expiry ON widget_refresh_tokens (expires_at);

-- Down Migration
DROP TABLE widget_refresh_tokens;
DROP TABLE widget_refresh_chains;
DROP TABLE widget_user_token_uses;
DROP INDEX sessions_live_web;
ALTER TABLE sessions DROP CONSTRAINT sessions_web_visitor;
ALTER TABLE sessions DROP COLUMN cap_slot, DROP COLUMN visitor_sub, DROP COLUMN widget_key_id;
