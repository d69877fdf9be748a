-- Up Migration
-- W5: the ES256 keys of the widget issuer (`kataven-widget`), shared by every instance so that a token one
-- instance signs verifies on every other. `kid` is the RFC 7638 thumbprint of the public key. The private half is
-- kept only sealed under KATAVEN_SECRETS_KEY (AES-256-GCM, secrets/secret-box.ts) with the kid in its additional
-- data, so a sealed value copied under another kid does not open.
--
-- A key's life: current (retired_at null: it signs, and is published) → retired by `kataven signing-keys rotate`
-- (it signs no more, but stays published and trusted until published_until, when the last token it could have
-- signed has expired) → deleted.
CREATE TABLE widget_signing_keys (
  kid                text PRIMARY KEY,
  public_jwk         jsonb NOT NULL,
  private_jwk_sealed bytea NOT NULL,
  created_at         timestamptz NOT NULL,
  retired_at         timestamptz,
  published_until    timestamptz,
  CHECK ((retired_at IS NULL) = (published_until IS NULL))
);
-- At most one current key, whatever races: two instances starting on an empty table, or two rotations at once.
CREATE UNIQUE INDEX widget_signing_keys_one_current ON widget_signing_keys ((true)) WHERE retired_at IS NULL;

-- Down Migration
DROP TABLE widget_signing_keys;
