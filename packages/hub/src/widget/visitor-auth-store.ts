// W5's single-use bookkeeping in one account database (account migration 0007): spent user tokens and refresh
// chains. Parameterised SQL only. Every instance of the hub shares these rows, so "single use" holds across
// instances: the database's primary keys and row locks decide, never a process's memory.
import type { Queryable } from '../tenancy/queryable.js';

/** Rows of expired tokens and chains removed per purge, so a purge never holds a request up for long. */
const PURGE_BATCH = 500;

/**
 * Spends a user token (its `jti`): true for the first exchange, false for every later one, on any instance (the
 * primary key decides; `ON CONFLICT DO NOTHING` leaves the transaction usable).
 */
export async function spendUserToken(db: Queryable, jti: string, expiresAt: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    'INSERT INTO widget_user_token_uses (jti, expires_at) VALUES ($1, $2) ON CONFLICT (jti) DO NOTHING',
    [jti, expiresAt],
  );
  return rowCount === 1;
}

export interface NewRefreshChain {
  chainId: string;
  widgetKeyId: string;
  visitorSub: string;
  /** The chain's first refresh token. */
  jti: string;
  expiresAt: Date;
}

/** A new chain and its first token, in one statement: both exist or neither. */
export async function startRefreshChain(db: Queryable, chain: NewRefreshChain): Promise<void> {
  await db.query(
    `WITH chain AS (
       INSERT INTO widget_refresh_chains (id, widget_key_id, visitor_sub, expires_at) VALUES ($1, $2, $3, $5)
       RETURNING id
     )
     INSERT INTO widget_refresh_tokens (jti, chain_id, expires_at) SELECT $4, id, $5 FROM chain`,
    [chain.chainId, chain.widgetKeyId, chain.visitorSub, chain.jti, chain.expiresAt],
  );
}

/**
 * - rotated: the token was live; it is now spent and `next` is the chain's newest token
 * - reused:  the token was spent already: the whole chain is now revoked (reuse detection, OAuth 2.1 §4.3.1)
 * - revoked: the chain had been revoked
 * - unknown: no such token in that chain for that key (purged, forged with a valid signature, another key's)
 */
export type RefreshOutcome = 'rotated' | 'reused' | 'revoked' | 'unknown';

/**
 * One refresh, inside the caller's transaction (`db` is its client): the token's row and its chain's are locked
 * (FOR UPDATE), so two refreshes of one chain run one after the other and the second sees what the first did.
 * The caller commits whatever the outcome: a reuse must revoke the chain even though the request fails.
 */
export async function rotateRefreshToken(
  db: Queryable,
  presented: { jti: string; chainId: string; widgetKeyId: string },
  next: { jti: string; expiresAt: Date },
): Promise<RefreshOutcome> {
  const { rows } = await db.query<{ used: boolean; revoked: boolean }>(
    `SELECT t.used_at IS NOT NULL AS used, c.revoked_at IS NOT NULL AS revoked
     FROM widget_refresh_tokens t JOIN widget_refresh_chains c ON c.id = t.chain_id
     WHERE t.jti = $1 AND c.id = $2 AND c.widget_key_id = $3
     FOR UPDATE`,
    [presented.jti, presented.chainId, presented.widgetKeyId],
  );
  const row = rows[0];
  if (!row) return 'unknown';
  if (row.revoked) return 'revoked';
  if (row.used) {
    await db.query('UPDATE widget_refresh_chains SET revoked_at = now() WHERE id = $1', [presented.chainId]);
    return 'reused';
  }
  await db.query('UPDATE widget_refresh_tokens SET used_at = now() WHERE jti = $1', [presented.jti]);
  await db.query('INSERT INTO widget_refresh_tokens (jti, chain_id, expires_at) VALUES ($1, $2, $3)', [
    next.jti,
    presented.chainId,
    next.expiresAt,
  ]);
  await db.query('UPDATE widget_refresh_chains SET expires_at = GREATEST(expires_at, $2) WHERE id = $1', [
    presented.chainId,
    next.expiresAt,
  ]);
  return 'rotated';
}

/**
 * Forgets what expired before `now` (the hub's clock): spent user tokens, refresh tokens and whole chains. An
 * expired token fails verification before any of these rows is read, so forgetting it changes no answer.
 */
export async function purgeExpiredVisitorAuth(db: Queryable, now: Date): Promise<void> {
  await db.query(
    `DELETE FROM widget_user_token_uses WHERE jti IN
       (SELECT jti FROM widget_user_token_uses WHERE expires_at < $1 LIMIT ${PURGE_BATCH})`,
    [now],
  );
  // A chain's tokens go with it (ON DELETE CASCADE).
  await db.query(
    `DELETE FROM widget_refresh_chains WHERE id IN
       (SELECT id FROM widget_refresh_chains WHERE expires_at < $1 LIMIT ${PURGE_BATCH})`,
    [now],
  );
  await db.query(
    `DELETE FROM widget_refresh_tokens WHERE jti IN
       (SELECT jti FROM widget_refresh_tokens WHERE expires_at < $1 LIMIT ${PURGE_BATCH})`,
    [now],
  );
}
