// The widget_keys table of one account database (W1, account migration 0005). Parameterised SQL only; the hash
// never leaves here except to be compared by the database (T3).
import type { Queryable } from '../tenancy/queryable.js';
import { deleteKeyRow, type DeleteOutcome } from '../keys/api-key-store.js';
import type { CapScope } from '../limits/cost-caps.js';

/**
 * Issue 9 W6: a widget key's own cost caps, below the account's (L1): live widget sessions, sessions a UTC day,
 * minutes a UTC day. null = no cap of the key's own there (the account's still binds); 0 blocks.
 */
export interface WidgetKeyCaps {
  concurrent_sessions: number | null;
  daily_sessions: number | null;
  daily_minutes: number | null;
}

export const NO_WIDGET_KEY_CAPS: WidgetKeyCaps = { concurrent_sessions: null, daily_sessions: null, daily_minutes: null };

/** W1's list item: never the hash, never the plaintext. */
export interface WidgetKeyItem {
  id: string;
  name: string;
  last8: string;
  domain_allowlist: string[];
  agent_id: string | null;
  created_at: Date;
  updated_at: Date;
  last_used_at: Date | null;
  disabled_at: Date | null;
  caps: WidgetKeyCaps;
}

export interface StoredWidgetKey extends WidgetKeyItem {
  pepper_version: string;
}

const capsObject = `json_build_object(
  'concurrent_sessions', cap_concurrent_sessions, 'daily_sessions', cap_daily_sessions, 'daily_minutes', cap_daily_minutes
) AS caps`;
const itemColumns = `id, name, last8, domain_allowlist, agent_id, created_at, updated_at, last_used_at, disabled_at, ${capsObject}`;

/**
 * The cost-cap scope of a widget session started with this key (CostCapLimiter.admit), named after the key's id;
 * undefined when the key has no cap of its own.
 */
export function capScopeOf(widgetKey: Pick<StoredWidgetKey, 'id' | 'caps'>): CapScope | undefined {
  const { concurrent_sessions, daily_sessions, daily_minutes } = widgetKey.caps;
  if (concurrent_sessions === null && daily_sessions === null && daily_minutes === null) return undefined;
  return {
    id: widgetKey.id,
    caps: {
      ...(concurrent_sessions !== null ? { concurrent: concurrent_sessions } : {}),
      ...(daily_sessions !== null ? { daily_calls: daily_sessions } : {}),
      ...(daily_minutes !== null ? { daily_minutes } : {}),
    },
  };
}

export interface NewWidgetKey {
  name: string;
  hash: Buffer;
  pepperVersion: string;
  last8: string;
  /** Normalised (allowlist.ts). */
  allowlist: string[];
  agentId: string | null;
  caps: WidgetKeyCaps;
}

export async function insertWidgetKey(db: Queryable, key: NewWidgetKey): Promise<WidgetKeyItem> {
  const { rows } = await db.query<WidgetKeyItem>(
    `INSERT INTO widget_keys (name, key_hash, pepper_version, last8, domain_allowlist, agent_id,
       cap_concurrent_sessions, cap_daily_sessions, cap_daily_minutes)
     VALUES ($1, $2, $3, $4, $5::text[], $6, $7, $8, $9)
     RETURNING ${itemColumns}`,
    [
      key.name,
      key.hash,
      key.pepperVersion,
      key.last8,
      key.allowlist,
      key.agentId,
      key.caps.concurrent_sessions,
      key.caps.daily_sessions,
      key.caps.daily_minutes,
    ],
  );
  return rows[0]!;
}

export async function listWidgetKeys(db: Queryable): Promise<WidgetKeyItem[]> {
  const { rows } = await db.query<WidgetKeyItem>(`SELECT ${itemColumns} FROM widget_keys ORDER BY created_at DESC, id`);
  return rows;
}

/** The key whose stored hash is one of `hashes` (one per pepper in use). */
export async function findWidgetKeyByHash(db: Queryable, hashes: Buffer[]): Promise<StoredWidgetKey | undefined> {
  const { rows } = await db.query<StoredWidgetKey>({
    name: 'widget_keys_find_by_hash',
    text: `SELECT ${itemColumns}, pepper_version FROM widget_keys WHERE key_hash = ANY($1::bytea[]) LIMIT 1`,
    values: [hashes],
  });
  return rows[0];
}

/** As K6: the first use is written at once (K4's "never used" depends on it); later ones at most once a minute. */
export async function recordWidgetKeyUse(db: Queryable, id: string): Promise<void> {
  await db.query(
    `UPDATE widget_keys SET last_used_at = now()
     WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
    [id],
  );
}

/** T3 rotation: a key found under the previous pepper is re-hashed with the current one. */
export async function rehashWidgetKey(db: Queryable, id: string, hash: Buffer, pepperVersion: string): Promise<void> {
  await db.query('UPDATE widget_keys SET key_hash = $2, pepper_version = $3 WHERE id = $1', [id, hash, pepperVersion]);
}

/** Whether `id` names an agent of this account (W1's `unknown_agent`). */
export async function agentExists(db: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM agents WHERE id = $1', [id]);
  return rowCount === 1;
}

export interface WidgetKeyPatch {
  name?: string;
  /** Normalised; replaces the whole list (W1). */
  allowlist?: string[];
  /** A string pins, null unpins, absent leaves it. */
  agentId?: string | null;
  disabled?: boolean;
  /** Replaces all three caps (NO_WIDGET_KEY_CAPS clears them); absent leaves them. */
  caps?: WidgetKeyCaps;
}

export type WidgetKeyPatchOutcome = 'updated' | 'not_found' | 'revoked_permanently';

/**
 * W1 PATCH (K3's rules for `disabled`): revoking sets disabled_at once, repeats keep the first time, and
 * re-enabling a revoked key is refused. One statement, so a concurrent revoke cannot slip between the check and
 * the write. updated_at moves only when something changed.
 */
export async function patchWidgetKey(db: Queryable, id: string, patch: WidgetKeyPatch): Promise<WidgetKeyPatchOutcome> {
  const next = {
    name: 'COALESCE($2::text, k.name)',
    allowlist: 'COALESCE($3::text[], k.domain_allowlist)',
    agent: 'CASE WHEN $4::boolean THEN $5::text ELSE k.agent_id END',
    concurrent: 'CASE WHEN $7::boolean THEN $8::integer ELSE k.cap_concurrent_sessions END',
    sessions: 'CASE WHEN $7::boolean THEN $9::integer ELSE k.cap_daily_sessions END',
    minutes: 'CASE WHEN $7::boolean THEN $10::integer ELSE k.cap_daily_minutes END',
  };
  const { rows } = await db.query<{ outcome: WidgetKeyPatchOutcome }>(
    `WITH target AS (SELECT id, disabled_at FROM widget_keys WHERE id = $1 FOR UPDATE),
     updated AS (
       UPDATE widget_keys k SET
         name = ${next.name},
         domain_allowlist = ${next.allowlist},
         agent_id = ${next.agent},
         cap_concurrent_sessions = ${next.concurrent},
         cap_daily_sessions = ${next.sessions},
         cap_daily_minutes = ${next.minutes},
         disabled_at = CASE WHEN $6::boolean IS TRUE THEN COALESCE(k.disabled_at, now()) ELSE k.disabled_at END,
         updated_at = CASE
           WHEN ROW(${next.name}, ${next.allowlist}, ${next.agent}, ${next.concurrent}, ${next.sessions}, ${next.minutes})
             IS DISTINCT FROM ROW(k.name, k.domain_allowlist, k.agent_id, k.cap_concurrent_sessions, k.cap_daily_sessions, k.cap_daily_minutes)
             OR ($6::boolean IS TRUE AND k.disabled_at IS NULL)
           THEN now() ELSE k.updated_at END
       FROM target t
       WHERE k.id = t.id AND NOT ($6::boolean IS FALSE AND t.disabled_at IS NOT NULL)
       RETURNING k.id
     )
     SELECT CASE
       WHEN NOT EXISTS (SELECT 1 FROM target) THEN 'not_found'
       WHEN EXISTS (SELECT 1 FROM updated) THEN 'updated'
       ELSE 'revoked_permanently' END AS outcome`,
    [
      id,
      patch.name ?? null,
      patch.allowlist ?? null,
      patch.agentId !== undefined,
      patch.agentId ?? null,
      patch.disabled ?? null,
      patch.caps !== undefined,
      patch.caps?.concurrent_sessions ?? null,
      patch.caps?.daily_sessions ?? null,
      patch.caps?.daily_minutes ?? null,
    ],
  );
  return rows[0]!.outcome;
}

/** W1 (as K4): a key never used is deleted (its hash comes back for the directory); a used one is disabled. */
export function deleteWidgetKey(db: Queryable, id: string): Promise<DeleteOutcome> {
  return deleteKeyRow(db, 'widget_keys', id);
}
